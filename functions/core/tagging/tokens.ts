/**
 * Tokenising and folding: the only place that decides what counts as "the same
 * word". The matcher compares folded keys, so spelling variants that differ
 * only in case, diacritics, apostrophes, doubled letters or common Arabic
 * transliteration habits (q/k, a final -h, ou/u) meet at one key, and every
 * alias and every text token goes through exactly the same functions.
 */

import { scanWords } from './word-scan.ts';

/** Whitespace and dashes (optionally after a closing possessive apostrophe) may sit inside a multi-word name. */
const SOFT_GAP = /^['’ʼ]?[\s\-‐‑‒–—―]*$/;
const SENTENCE_END = /[.!?]/;
const INITIAL_GAP = /^\. ?$/;
const INITIAL = /^\p{Lu}$/u;
const APOSTROPHES = /['’ʼ`´ʾʿ]/g;
const POSSESSIVE = /['’ʼ][sS]$/;
const PLURAL_ACRONYM = /^\p{Lu}{2,}s$/u;
const COMBINING_MARKS = /\p{M}/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'col', 'lt', 'gen', 'maj', 'capt', 'cpt', 'sgt', 'adm', 'brig', 'cmdr', 'cdr', 'mr', 'mrs', 'ms', 'dr', 'st',
  'rep', 'sen', 'gov', 'pvt', 'cpl', 'spc', 'no', 'vs', 'jr', 'sr', 'ft', 'mt', 'pres', 'sec', 'gens',
]);

/** Arabic article spellings (al-, ar-, ez-, el- ...), folded to one key inside names. */
const ARTICLES = new Set(['al', 'el', 'ad', 'ar', 'as', 'az', 'ash', 'at', 'ez', 'es', 'ed', 'er', 'an', 'ul', 'ud', 'un', 'ut']);
export const ARTICLE_KEY = 'al';
/** Article spellings that read as an article even when not hyphenated (`Al Qaeda`, `El Bab`). */
export const SPELLED_ARTICLES: ReadonlySet<string> = new Set(['al', 'el']);

const SPECIAL_LETTERS: Record<string, string> = { ı: 'i', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th' };

/** Strip case, diacritics and apostrophes: the spelling a human would call "the same letters". */
export function foldLetters(raw: string): string {
  let folded = raw.toLowerCase();
  if (NON_ASCII.test(folded)) {
    folded = folded.normalize('NFD').replace(COMBINING_MARKS, '');
    folded = folded.replace(/[ıłøæœßđðþ]/g, (c) => SPECIAL_LETTERS[c] ?? c);
  }
  return folded.replace(APOSTROPHES, '');
}

/**
 * The lookup key of one word. Transliteration folding is applied on both sides,
 * so `Raqqa`, `Raqqah` and `Rakka` share the key `raka`, `Qaida`/`Kaida`
 * share `kaida`, `Zour`/`Zur` share `zur`. Articles fold to `al`.
 */
export function keyOf(raw: string): string {
  const letters = foldLetters(raw);
  if (ARTICLES.has(letters)) return ARTICLE_KEY;
  let key = letters.replace(/q/g, 'k').replace(/ou/g, 'u').replace(/(.)\1+/g, '$1');
  if (key.length > 3) key = key.replace(/([aeiou])h$/, '$1');
  return key;
}

export function isArticleKey(key: string): boolean {
  return key === ARTICLE_KEY;
}

/** A token's surface form for case-sensitive comparison: dots of `U.S.` and a possessive `’s` removed. */
export function surfaceOf(raw: string): string {
  const bare = raw.includes('.') ? raw.replace(/\./g, '') : raw;
  if (POSSESSIVE.test(bare)) return bare.slice(0, -2);
  // Plural acronyms (`IEDs`, `SDFs`) name the same thing as the acronym.
  return PLURAL_ACRONYM.test(bare) ? bare.slice(0, -1) : bare;
}

export function isAllCaps(surface: string): boolean {
  return surface.length >= 2 && surface === surface.toUpperCase() && surface !== surface.toLowerCase();
}

export function startsUpper(surface: string): boolean {
  const first = surface[0] ?? '';
  return first !== first.toLowerCase() || (first >= '0' && first <= '9');
}

/** Column-oriented tokens: one array per field keeps per-article allocation small. */
export interface Tokens {
  readonly count: number;
  readonly start: number[];
  readonly end: number[];
  /** Surface form (see `surfaceOf`). */
  readonly surface: string[];
  readonly key: string[];
  /** True when the text between the previous token and this one may sit inside a name. */
  readonly softBefore: boolean[];
  /** True for the first word of a sentence, paragraph or heading. */
  readonly sentenceStart: boolean[];
  /** Raw text between the previous token and this one. */
  readonly gapBefore: string[];
  /** True when the word carried a possessive (`Georgia’s`): the next word is not part of a name with it. */
  readonly possessive: boolean[];
}

const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 50_000;

/** Cached `keyOf`: the same few thousand words recur across articles in one container. */
export function cachedKeyOf(surface: string): string {
  let key = keyCache.get(surface);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = keyOf(surface);
    keyCache.set(surface, key);
  }
  return key;
}

/** What `tokenize` needs to know about one word, worked out once per distinct spelling. */
interface WordFacts {
  readonly surface: string;
  readonly key: string;
  readonly possessive: boolean;
  /** A single capital letter: a middle initial when followed by `. `. */
  readonly initial: boolean;
  /** A dotted abbreviation or a known title: its full stop does not end a sentence. */
  readonly abbreviation: boolean;
}

/** What `tokenize` needs to know about the text between two words. */
interface GapFacts {
  readonly soft: boolean;
  readonly newline: boolean;
  readonly sentenceEnd: boolean;
  readonly initialGap: boolean;
}

const wordCache = new Map<string, WordFacts>();
const gapCache = new Map<string, GapFacts>();

function wordFacts(raw: string): WordFacts {
  let facts = wordCache.get(raw);
  if (facts === undefined) {
    if (wordCache.size >= KEY_CACHE_LIMIT) wordCache.clear();
    const surface = surfaceOf(raw);
    const key = cachedKeyOf(surface);
    facts = {
      surface,
      key,
      possessive: POSSESSIVE.test(raw),
      initial: INITIAL.test(surface),
      // A dotted abbreviation (`U.S.`) swallows its own full stop; it rarely ends a sentence.
      abbreviation: raw.endsWith('.') || ABBREVIATIONS.has(key),
    };
    wordCache.set(raw, facts);
  }
  return facts;
}

function gapFacts(gap: string): GapFacts {
  let facts = gapCache.get(gap);
  if (facts === undefined) {
    if (gapCache.size >= KEY_CACHE_LIMIT) gapCache.clear();
    const newline = gap.includes('\n');
    facts = { soft: SOFT_GAP.test(gap) && !newline, newline, sentenceEnd: SENTENCE_END.test(gap), initialGap: INITIAL_GAP.test(gap) };
    gapCache.set(gap, facts);
  }
  return facts;
}

export function tokenize(text: string): Tokens {
  const start: number[] = [];
  const end: number[] = [];
  const surface: string[] = [];
  const key: string[] = [];
  const softBefore: boolean[] = [];
  const sentenceStart: boolean[] = [];
  const gapBefore: string[] = [];
  const possessive: boolean[] = [];
  let previousEnd = 0;
  let previousIsAbbreviation = false;
  let previousIsInitial = false;
  scanWords(text, (at, wordEnd) => {
    const raw = text.slice(at, wordEnd);
    const gap = text.slice(previousEnd, at);
    const first = start.length === 0;
    const word = wordFacts(raw);
    const gapIs = gapFacts(gap);
    start.push(at);
    end.push(wordEnd);
    surface.push(word.surface);
    key.push(word.key);
    // `Ryan S. Dillon`: the full stop after a middle initial neither breaks a name nor ends a sentence.
    const afterInitial = !first && previousIsInitial && gapIs.initialGap;
    softBefore.push(!first && (afterInitial || gapIs.soft));
    sentenceStart.push(first || gapIs.newline || (gapIs.sentenceEnd && !previousIsAbbreviation && !afterInitial));
    possessive.push(word.possessive);
    gapBefore.push(gap);
    previousEnd = wordEnd;
    previousIsAbbreviation = word.abbreviation;
    previousIsInitial = word.initial;
  });
  return { count: start.length, start, end, surface, key, softBefore, sentenceStart, gapBefore, possessive };
}
