/**
 * The contract check on an assembled article. `Article.parse` checks every
 * tag through zod, about a microsecond a tag, which was a visible share of the
 * whole pipeline. Tags shaped exactly as the schema has them (same keys, same
 * order, valid values) are checked here directly; anything else, including
 * every invalid article, goes through `Article.parse` unchanged, so errors
 * and output are what the schema alone gives.
 */
import * as z from 'zod/mini';
import { Article, conceptTypes, type Tag } from '../article/schema.ts';

const ArticleWithTagsChecked = z.extend(Article, { tags: z.array(z.unknown()) });

const TAG_KEYS = ['id', 'label', 'type', 'mentions', 'firstOffset', 'implied'] as const;
/** Keys a tag may carry after the required ones, in the order the tagger writes them, each with its check. */
const OPTIONAL_TAG_KEYS: ReadonlyArray<readonly [string, (value: unknown) => boolean]> = [
  ['relevance', (value) => typeof value === 'number' && value >= 0 && value <= 1],
  ['wikidata', (value) => typeof value === 'string' && WIKIDATA.test(value)],
  ['geonames', (value) => typeof value === 'string' && GEONAMES.test(value)],
  ['mediatopics', (value) => Array.isArray(value) && value.every((code) => typeof code === 'string' && MEDIATOPIC.test(code))],
];
const TYPES: ReadonlySet<unknown> = new Set(conceptTypes);
const WIKIDATA = /^Q\d+$/;
const GEONAMES = /^[1-9]\d*$/;
const MEDIATOPIC = /^medtop:\d{8}$/;

const isNonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;
const isIntAtLeast = (value: unknown, min: number) => Number.isSafeInteger(value) && (value as number) >= min;

/** True when zod would return this tag as a copy of itself. */
function isPlainValidTag(tag: unknown): tag is Tag {
  if (typeof tag !== 'object' || tag === null || Array.isArray(tag) || Object.getPrototypeOf(tag) !== Object.prototype) return false;
  const keys = Object.keys(tag);
  if (keys.length < TAG_KEYS.length) return false;
  for (const [i, key] of TAG_KEYS.entries()) if (keys[i] !== key) return false;
  const t = tag as Record<string, unknown>;
  let next = 0;
  for (let k = TAG_KEYS.length; k < keys.length; k += 1) {
    while (next < OPTIONAL_TAG_KEYS.length && (OPTIONAL_TAG_KEYS[next] as readonly [string, unknown])[0] !== keys[k]) next += 1;
    const optional = OPTIONAL_TAG_KEYS[next];
    if (optional === undefined || !optional[1](t[optional[0]])) return false;
    next += 1;
  }
  return (
    isNonEmptyString(t.id) && isNonEmptyString(t.label) && TYPES.has(t.type) &&
    isIntAtLeast(t.mentions, 0) && isIntAtLeast(t.firstOffset, -1) && typeof t.implied === 'boolean'
  );
}

/** `Article.parse(candidate)`, with plainly valid tags checked without zod. */
export function checkedArticle(candidate: Article): Article {
  if (!Array.isArray(candidate.tags) || !candidate.tags.every(isPlainValidTag)) return Article.parse(candidate);
  const checked = ArticleWithTagsChecked.parse(candidate);
  return { ...checked, tags: candidate.tags.map((tag) => ({ ...tag })) };
}
