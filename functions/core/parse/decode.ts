/**
 * Bytes to text, refusing what we cannot read: more than 1 MiB, bytes that
 * are not UTF-8 (decoded with a fatal decoder, never guessed or replaced),
 * charsets other than UTF-8, nothing at all.
 */
import { ArticleRefused, MAX_INPUT_BYTES } from '../article/errors.ts';
import { isSniffedType } from './detect.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

function refuseTooLarge(bytes: number): never {
  throw new ArticleRefused('body_too_large', `body exceeds 1 MiB (${bytes} bytes; the limit is ${MAX_INPUT_BYTES})`);
}

/** Offset of the first byte that breaks UTF-8, for a message that points at the problem. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const [length, min] =
      lead < 0x80 ? [1, 0] : lead >= 0xc2 && lead < 0xe0 ? [2, 0x80] : lead >= 0xe0 && lead < 0xf0 ? [3, 0x800] : lead >= 0xf0 && lead < 0xf5 ? [4, 0x10000] : [0, 0];
    if (length === 0 || i + length > bytes.length) return i;
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** The charset parameter of a content type, lower-cased, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/** Text of the request body; a leading BOM is removed. Refuses oversize, non-UTF-8 and empty input. */
export function decodeInput(input: Uint8Array | string, contentType?: string): string {
  const charset = charsetOf(contentType);
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
    throw new ArticleRefused('unsupported_content_type', `unsupported charset ${charset}: send UTF-8`);
  }
  let text: string;
  if (typeof input === 'string') {
    const bytes = Buffer.byteLength(input, 'utf8');
    if (bytes > MAX_INPUT_BYTES) refuseTooLarge(bytes);
    text = input.replace(/^\uFEFF/, '');
  } else {
    if (input.byteLength > MAX_INPUT_BYTES) refuseTooLarge(input.byteLength);
    try {
      text = decoder.decode(input);
    } catch {
      // Declared binary and not text: a file of another kind, not broken text.
      if (contentType !== undefined && isSniffedType(contentType)) {
        throw new ArticleRefused('unsupported_content_type', 'the body is binary data, not text: send the text format, HTML or JSON in UTF-8');
      }
      throw new ArticleRefused('invalid_utf8', `body is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(input)})`);
    }
  }
  if (!/[^\s\uFEFF]/.test(text)) throw new ArticleRefused('empty_body', 'empty body');
  return text;
}
