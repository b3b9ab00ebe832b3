/**
 * Locality-sensitive hashing over MinHash signatures (the banding technique,
 * Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3.4): the
 * first `BANDS × ROWS` positions are cut into bands, and each band's values
 * hash to one bucket key. Articles sharing any bucket become candidates, and
 * only candidates are compared, so finding near-duplicates costs a fixed
 * number of bucket reads per article, whatever the size of the archive.
 *
 * 4 bands of 2 rows put the threshold near (1/4)^(1/2) = 0.5: a pair with
 * Jaccard 0.8 shares a bucket with probability 1 − (1 − 0.8²)⁴ ≈ 0.98, one at
 * 0.7 with 0.93, one at 0.3 with 0.31, unrelated stories (≈ 0.02) almost
 * never. Edited copies measure 0.7 and up (`npm run eval:dups`). More bands
 * would catch more of the rare heavily edited copies, but each band is one
 * more item in the ingest transaction (two write units), and ingest has a
 * budget; four is what the evaluation needed.
 */
import { decodeSignature, estimatedSimilarity, storedForm } from './minhash.ts';

export const BANDS = 4;
export const ROWS = 2;
/** Estimated similarity from which an article is linked as a near-duplicate (chosen with `npm run eval:dups`). */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

/** One bucket key per band: `{band}-{8 hex digits}`. */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band += 1) {
    let hash = 0x811c9dc5 ^ band;
    for (let row = 0; row < ROWS; row += 1) {
      hash ^= signature[band * ROWS + row] as number;
      hash = Math.imul(hash, 0x01000193) >>> 0;
      hash ^= hash >>> 15;
    }
    keys.push(`${band}-${(hash >>> 0).toString(16).padStart(8, '0')}`);
  }
  return keys;
}

/** An article already stored under one of the same buckets. */
export interface Candidate {
  articleId: string;
  /** The first article of the candidate's cluster: itself unless it was a near-duplicate. */
  clusterRoot: string;
  /** Stored signature (`encodeSignature`). */
  signature: string;
}

export interface NearDuplicateVerdict {
  nearDuplicateOf: string;
  /** Estimated Jaccard similarity to the most similar candidate, two decimals. */
  similarity: number;
}

/**
 * The cluster an article joins: the most similar candidate at or above the
 * threshold (ties: the earlier root, by id), linked to that candidate's root so
 * every copy points at the first article. Undefined when none is close enough.
 */
export function judgeNearDuplicate(
  signature: Uint32Array,
  candidates: readonly Candidate[],
  articleId: string,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): NearDuplicateVerdict | undefined {
  const mine = storedForm(signature);
  let best: { candidate: Candidate; similarity: number } | undefined;
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.articleId === articleId || candidate.clusterRoot === articleId || seen.has(candidate.articleId)) continue;
    seen.add(candidate.articleId);
    const similarity = estimatedSimilarity(mine, decodeSignature(candidate.signature));
    if (similarity < threshold) continue;
    if (best === undefined || similarity > best.similarity || (similarity === best.similarity && candidate.clusterRoot < best.candidate.clusterRoot)) {
      best = { candidate, similarity };
    }
  }
  if (best === undefined) return undefined;
  return { nearDuplicateOf: best.candidate.clusterRoot, similarity: Math.round(best.similarity * 100) / 100 };
}
