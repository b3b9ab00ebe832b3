/**
 * The article's language: the source's own metadata when it is a well-formed
 * BCP 47 tag, else a light heuristic (script, then the most frequent function
 * words). Good enough to label feeds; not a language identifier.
 */

/** `en_us`, `EN-gb` → `en-US`, `en-GB`; anything not shaped like a BCP 47 tag → undefined. */
export function normaliseLanguageTag(tag: string | undefined): string | undefined {
  const trimmed = tag?.trim().replace(/_/g, '-');
  if (!trimmed || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(trimmed)) return undefined;
  return trimmed
    .split('-')
    .map((part, i) => {
      if (i === 0) return part.toLowerCase();
      if (part.length === 2 && /^[A-Za-z]+$/.test(part)) return part.toUpperCase();
      if (part.length === 4 && /^[A-Za-z]+$/.test(part)) return part[0]!.toUpperCase() + part.slice(1).toLowerCase();
      return part.toLowerCase();
    })
    .join('-');
}

const scripts: [RegExp, string][] = [
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Han}/gu, 'zh'],
];

const functionWords: Record<string, readonly string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'with', 'was', 'on', 'as', 'by', 'it', 'have', 'from'],
  fr: ['le', 'la', 'les', 'et', 'des', 'du', 'un', 'une', 'est', 'que', 'pour', 'dans', 'qui', 'sur', 'pas', 'au'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'den', 'von', 'zu', 'ein', 'eine', 'auf', 'sich', 'dem', 'auch'],
  es: ['el', 'la', 'los', 'las', 'y', 'de', 'que', 'en', 'un', 'una', 'por', 'con', 'para', 'es', 'del', 'se'],
  it: ['il', 'lo', 'la', 'gli', 'le', 'di', 'che', 'e', 'un', 'una', 'per', 'con', 'non', 'sono', 'della', 'nel'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'op', 'te', 'niet', 'met', 'voor', 'zijn', 'er', 'ook', 'aan'],
  pt: ['o', 'a', 'os', 'as', 'e', 'de', 'que', 'em', 'um', 'uma', 'para', 'com', 'não', 'do', 'da', 'no'],
};
/** Function word → the languages it belongs to: one lookup per word of the sample. */
const languagesOfWord = new Map<string, string[]>();
for (const [lang, words] of Object.entries(functionWords)) {
  for (const word of words) languagesOfWord.set(word, [...(languagesOfWord.get(word) ?? []), lang]);
}

const longestFunctionWord = Math.max(...[...languagesOfWord.keys()].map((word) => word.length));

/** `[a-zà-öø-ÿ]`: the letters function words are spelled with; a scan over these beats a regex split. */
function isWordLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0xe0 && code <= 0xff && code !== 0xf7);
}

/** Letters outside Latin (Greek onwards, CJK, Hangul…): only then are the costlier script counts worth running. */
const mayHaveOtherScript = /[\u0370-\u1DFF\u3040-\uD7AF]/;
const SAMPLE_CHARS = 2000;

/** Best guess from the text alone; `und` (undetermined) when there is too little to go on. */
export function guessLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (mayHaveOtherScript.test(sample)) {
    const letters = sample.match(/\p{L}/gu)?.length ?? 0;
    for (const [pattern, lang] of scripts) {
      if (letters > 0 && (sample.match(pattern)?.length ?? 0) / letters > 0.3) return lang;
    }
  }
  const hits = new Map<string, number>();
  const lower = sample.toLowerCase();
  let wordStart = 0;
  for (let i = 0; i <= lower.length; i++) {
    if (i < lower.length && isWordLetter(lower.charCodeAt(i))) continue;
    // Only words short enough to be function words are worth a substring and a lookup.
    if (i > wordStart && i - wordStart <= longestFunctionWord) {
      const languages = languagesOfWord.get(lower.slice(wordStart, i));
      if (languages !== undefined) for (const lang of languages) hits.set(lang, (hits.get(lang) ?? 0) + 1);
    }
    wordStart = i + 1;
  }
  let best = 'und';
  let bestHits = 2; // fewer than three function words is noise, not evidence
  for (const [lang, count] of hits) {
    if (count > bestHits) [best, bestHits] = [lang, count];
  }
  return best;
}

/** Metadata first (when well-formed), else the heuristic. */
export function detectLanguage(declared: string | undefined, text: string): string {
  return normaliseLanguageTag(declared) ?? guessLanguage(text);
}
