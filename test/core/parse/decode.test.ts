import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '#core/article/errors.ts';
import { charsetOf, decodeInput, firstInvalidUtf8Offset } from '#core/parse/decode.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('decodeInput', () => {
  it('decodes UTF-8 bytes and strips a leading BOM, for bytes and strings alike', () => {
    expect(decodeInput(Buffer.from('\uFEFFRaqqa – 2017', 'utf8'))).toBe('Raqqa – 2017');
    expect(decodeInput('\uFEFFRaqqa')).toBe('Raqqa');
  });

  it('refuses invalid UTF-8 naming the offset of the first bad byte', () => {
    const input = bytes(0x4f, 0x4b, 0x20, 0xc3, 0x28);
    expect(() => decodeInput(input)).toThrow(expect.objectContaining({ code: 'invalid_utf8', status: 400, message: 'body is not valid UTF-8 (first bad byte at offset 3)' }));
  });

  it('refuses input over 1 MiB, as bytes or as a string', () => {
    expect(() => decodeInput(new Uint8Array(MAX_INPUT_BYTES + 1).fill(0x61))).toThrow(expect.objectContaining({ code: 'body_too_large', status: 413 }));
    expect(() => decodeInput('é'.repeat(MAX_INPUT_BYTES / 2 + 1))).toThrow(/body exceeds 1 MiB/);
    expect(decodeInput('a'.repeat(MAX_INPUT_BYTES))).toHaveLength(MAX_INPUT_BYTES);
  });

  it('refuses an empty or whitespace-only body', () => {
    for (const empty of ['', '  \n\t', '\uFEFF', new Uint8Array()]) {
      expect(() => decodeInput(empty)).toThrow(expect.objectContaining({ code: 'empty_body', message: 'empty body' }));
    }
  });

  it('refuses charsets other than UTF-8', () => {
    expect(() => decodeInput('x', 'text/plain; charset=ISO-8859-1')).toThrow(expect.objectContaining({ code: 'unsupported_content_type', message: 'unsupported charset iso-8859-1: send UTF-8' }));
    expect(decodeInput('x', 'text/plain; charset="utf-8"')).toBe('x');
    expect(charsetOf('text/html;charset=UTF-8')).toBe('utf-8');
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('accepts valid sequences of every length', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('aé–😀', 'utf8'))).toBe(-1);
  });

  it('finds truncated sequences, overlong forms and encoded surrogates', () => {
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xe2, 0x80))).toBe(1);
    expect(firstInvalidUtf8Offset(bytes(0xc0, 0xaf))).toBe(0);
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1);
    expect(firstInvalidUtf8Offset(bytes(0xe0, 0x80, 0xaf))).toBe(0);
  });
});
