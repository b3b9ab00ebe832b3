import { describe, expect, it } from 'vitest';
import { detectLanguage, guessLanguage, normaliseLanguageTag } from '#core/normalise/language.ts';

describe('language', () => {
  it('normalises well-formed BCP 47 tags and rejects others', () => {
    expect(normaliseLanguageTag('EN_us')).toBe('en-US');
    expect(normaliseLanguageTag('sr-latn-rs')).toBe('sr-Latn-RS');
    expect(normaliseLanguageTag('english please')).toBeUndefined();
    expect(normaliseLanguageTag('')).toBeUndefined();
  });

  it('prefers declared metadata over the text', () => {
    expect(detectLanguage('fr', 'The coalition said that the city was taken.')).toBe('fr');
  });

  it('guesses from function words when nothing usable is declared', () => {
    expect(detectLanguage('not a tag', 'The coalition said that the city was taken by the forces.')).toBe('en');
    expect(guessLanguage('Les forces de la coalition ont repris la ville et le pont est détruit.')).toBe('fr');
    expect(guessLanguage('Die Truppen der Koalition haben die Stadt und den Flughafen eingenommen, sagt der Sprecher.')).toBe('de');
  });

  it('guesses from the script for non-Latin text', () => {
    expect(guessLanguage('قوات سوريا الديمقراطية تسيطر على الرقة')).toBe('ar');
  });

  it('says und when there is too little to go on', () => {
    expect(guessLanguage('Raqqa 2017')).toBe('und');
  });
});
