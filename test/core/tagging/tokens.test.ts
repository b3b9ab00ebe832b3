import { describe, expect, it } from 'vitest';
import { keyOf, surfaceOf, tokenize } from '#core/tagging/tokens.ts';

describe('word keys', () => {
  it('fold transliteration variants of one name to one key', () => {
    expect(new Set(['Raqqa', 'Raqqah', 'Rakka', 'RAQQA'].map(keyOf))).toEqual(new Set(['raka']));
    expect(keyOf('Qaida')).toBe(keyOf("Qa'ida"));
    expect(keyOf('Zour')).toBe(keyOf('Zur'));
    expect(keyOf('Falluja')).toBe(keyOf('Fallujah'));
  });

  it('fold diacritics and dotless i', () => {
    expect(keyOf('Türkiye')).toBe(keyOf('Turkiye'));
    expect(keyOf('Diyarbakır')).toBe(keyOf('Diyarbakir'));
    expect(keyOf('Kobanê')).toBe(keyOf('Kobane'));
  });

  it('fold Arabic article spellings to one key', () => {
    expect(['al', 'Ar', 'ez', 'el', 'az'].map(keyOf)).toEqual(['al', 'al', 'al', 'al', 'al']);
  });

  it('keep different names apart', () => {
    expect(keyOf('Baghdadi')).not.toBe(keyOf('Baghdad'));
    expect(keyOf('Iraq')).not.toBe(keyOf('Iran'));
  });
});

describe('surface forms', () => {
  it('drop possessives, typographic or straight', () => {
    expect(surfaceOf('Iraq’s')).toBe('Iraq');
    expect(surfaceOf("Syria's")).toBe('Syria');
  });

  it('drop the dots of dotted abbreviations and the plural of acronyms', () => {
    expect(surfaceOf('U.S.')).toBe('US');
    expect(surfaceOf('IEDs')).toBe('IED');
    expect(surfaceOf('Iraqis')).toBe('Iraqis');
  });
});

describe('tokenize', () => {
  it('records offsets of every word', () => {
    const text = 'In Ar-Raqqah, the U.S. Army’s engineers';
    const tokens = tokenize(text);
    expect(tokens.surface).toEqual(['In', 'Ar', 'Raqqah', 'the', 'US', 'Army', 'engineers']);
    expect(tokens.start.map((s, i) => text.slice(s, tokens.end[i]))).toEqual([
      'In', 'Ar', 'Raqqah', 'the', 'U.S.', 'Army’s', 'engineers',
    ]);
  });

  it('lets names run across spaces and dashes but not across punctuation', () => {
    const tokens = tokenize('CJTF – OIR, Syria. Iraq');
    expect(tokens.softBefore).toEqual([false, true, false, false]);
    expect(tokens.sentenceStart).toEqual([true, false, false, true]);
  });

  it('does not end a sentence after a title abbreviation or a middle initial', () => {
    const tokens = tokenize('Col. Ryan S. Dillon spoke');
    expect(tokens.sentenceStart).toEqual([true, false, false, false, false]);
    expect(tokens.softBefore[3]).toBe(true);
  });
});
