import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCharacters, cleanLine, collapseWhitespace, isWhollyQuoted, removeUnwantedChars } from '#core/normalise/text.ts';

describe('character cleaning', () => {
  it('removes characters XML 1.0 forbids, including lone surrogates, and keeps tab/LF/CR and astral characters', () => {
    expect(removeUnwantedChars('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg')).toBe('abcdefg');
    expect(removeUnwantedChars('x\uD800y\uDFFFz')).toBe('xyz');
    expect(removeUnwantedChars('tab\tline\ncr\r😀')).toBe('tab\tline\ncr\r😀');
  });

  it('removes BOMs wherever they are and turns CRLF and CR into LF', () => {
    expect(cleanCharacters('\uFEFFone\r\ntwo\rthree\uFEFF')).toBe('one\ntwo\nthree');
  });

  it('composes to NFC after removing forbidden characters, so removal cannot leave a decomposed pair', () => {
    expect(cleanCharacters('e\u0000\u0301')).toBe('\u00e9');
    expect(cleanCharacters('Rakk\u0061\u0308')).toBe('Rakkä');
  });

  it('collapses every kind of whitespace run to one space and trims', () => {
    expect(collapseWhitespace('  a\t\tb\n\nc\u00A0\u00A0d\u2003e  ')).toBe('a b c d e');
  });

  it('collapses exactly as the \\s+ regex would (the fast path must not change results)', () => {
    const unit = fc.constantFrom(' ', '  ', '\t', '\n', '\r', '\u00A0', '\u2003', '\u3000', '\uFEFF', '\u200B', 'a', 'é', '–', '😀');
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }), { numRuns: 2000 });
  });

  it('keeps typographic quotes and dashes for display', () => {
    const headline = '‘Losing’ – “every” — way';
    expect(cleanLine(headline)).toBe(headline);
  });
});

describe('isWhollyQuoted', () => {
  it('recognises a paragraph that is one quotation, typographic or typewriter quotes', () => {
    expect(isWhollyQuoted('“We will stay.”')).toBe(true);
    expect(isWhollyQuoted('"We will stay."')).toBe(true);
  });

  it('rejects a quotation followed by attribution, or two quotations', () => {
    expect(isWhollyQuoted('“We will stay,” she said.')).toBe(false);
    expect(isWhollyQuoted('“One.” And “two.”')).toBe(false);
    expect(isWhollyQuoted('Plain text.')).toBe(false);
  });
});
