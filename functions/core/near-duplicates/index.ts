/**
 * Near-duplicate detection for one article, pure: shingle, sign, band.
 * 1. word shingles of standfirst and body (shingles.ts);
 * 2. a 128-position MinHash signature (minhash.ts);
 * 3. eight LSH bucket keys (lsh.ts): the adapter reads those buckets for
 *    candidates, `judgeNearDuplicate` picks the cluster, and the article is
 *    filed under the same buckets with its stored signature.
 */
import { bandKeys } from './lsh.ts';
import { encodeSignature, minhash } from './minhash.ts';
import { shingles, type ShingledText } from './shingles.ts';

export interface NearDuplicateKeys {
  signature: Uint32Array;
  /** Stored form of the signature (base64). */
  encoded: string;
  buckets: string[];
}

/** Undefined for an article without a word of body: there is nothing to compare, and empty signatures would all collide. */
export function nearDuplicateKeys(text: ShingledText): NearDuplicateKeys | undefined {
  const set = shingles(text);
  if (set.length === 0) return undefined;
  const signature = minhash(set);
  return { signature, encoded: encodeSignature(signature), buckets: bandKeys(signature) };
}
