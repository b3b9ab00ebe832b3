/**
 * Word shingles: the overlapping runs of `SHINGLE_WORDS` words that MinHash
 * compares. Taken per paragraph of standfirst and body, never across a
 * paragraph break, so reordering paragraphs changes nothing; the headline is
 * left out because re-syndication rewrites headlines first. Words are folded
 * (case, accents, punctuation) so house style does not count as a difference.
 * Each shingle is hashed to 32 bits (FNV-1a); a collision between two of an
 * article's own shingles merely merges them.
 */
import { foldText } from '../normalise/fold.ts';

export const SHINGLE_WORDS = 3;

export interface ShingledText {
  standfirst?: string | undefined;
  paragraphs: readonly string[];
}

export function shingles(text: ShingledText): Uint32Array {
  const hashes = new Set<number>();
  for (const paragraph of [text.standfirst ?? '', ...text.paragraphs]) {
    const words = wordsOf(paragraph);
    if (words.length === 0) continue;
    if (words.length < SHINGLE_WORDS) {
      hashes.add(fnv1a(words.join(' ')));
      continue;
    }
    for (let i = 0; i + SHINGLE_WORDS <= words.length; i += 1) hashes.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  }
  return Uint32Array.from(hashes);
}

/** Folded words: letters and digits only, so `U.S.`/`US` and `Raqqa,`/`Raqqa` are one word. */
export function wordsOf(paragraph: string): string[] {
  const folded = foldText(paragraph).normalize('NFKD').replace(/\p{M}/gu, '');
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
