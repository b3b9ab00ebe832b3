import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanWords } from '#core/tagging/word-scan.ts';

/** The definition the scanner implements: words, dotted abbreviations, words with inner apostrophes. */
const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’ʼ`´][\p{L}\p{M}]+)*/gu;

const byPattern = (text: string) => [...text.matchAll(WORD)].map((m) => [m.index, m.index + m[0].length]);
function byScanner(text: string): number[][] {
  const spans: number[][] = [];
  scanWords(text, (start, end) => spans.push([start, end]));
  return spans;
}

/** Characters that exercise every branch: capitals, full stops, apostrophes, marks, digits, astral letters, lone surrogates. */
const tricky = fc.constantFrom(
  'U', 'S', 'a', 'z', 'É', 'é', 'ı', '.', ' ', "'", '’', 'ʼ', '`', '´', 'ʾ', '\u0301', '7', '٣', '-', '\n', '(',
  'Я', 'ש', 'ب', '中', '𝐀', '𝑎', '𐐀', '\uD835', '\uDC00', '!', '’s',
);

describe('word scanner', () => {
  it('finds dotted abbreviations, apostrophe words and plain words', () => {
    const text = "The U.S. and Da'esh’s fighters (SDF) met in Deir ez-Zor on 3 May; U.S.A. Ryan S. Dillon";
    expect(byScanner(text)).toEqual(byPattern(text));
    expect(byScanner(text).map(([s, e]) => text.slice(s, e))).toContain("Da'esh’s");
  });

  it('finds exactly the spans of the word pattern, on any text', () => {
    fc.assert(
      fc.property(fc.array(tricky, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        expect(byScanner(text)).toEqual(byPattern(text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
      expect(byScanner(text)).toEqual(byPattern(text));
    }), { numRuns: 2000 });
  });
});
