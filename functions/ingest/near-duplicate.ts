/**
 * Linking a new article to the cluster of stories it re-syndicates:
 * 1. shingle, sign and band its standfirst and body (pure core);
 * 2. read the newest articles filed under its buckets (one Query a bucket);
 * 3. the most similar one at or above the threshold gives the cluster: the
 *    article carries `nearDuplicateOf` (that cluster's first article) and `similarity`;
 * 4. the filing goes into the article's own transaction, so an article is
 *    never stored without its buckets, nor buckets without their article.
 * It is stored and published as usual either way. Two copies arriving at the
 * same moment would both miss each other (neither sees the other's buckets
 * yet), so each bucket item takes the slot after the newest one step 2 read,
 * on the condition that the slot is free: of two concurrent copies sharing a
 * bucket, one commits and the other's write conflicts; its retry (publish
 * round again) reads the first copy's buckets and links to it.
 */
import type { Article } from '#core/article/schema.ts';
import { nearDuplicateKeys } from '#core/near-duplicates/index.ts';
import { judgeNearDuplicate } from '#core/near-duplicates/lsh.ts';
import type { NearDuplicateFiling } from '#adapters/article-repository.ts';
import type { IngestDependencies } from './ports.ts';

export async function linkNearDuplicate(deps: IngestDependencies, article: Article): Promise<{ article: Article; filing?: NearDuplicateFiling }> {
  const keys = nearDuplicateKeys({ standfirst: article.standfirst, paragraphs: article.body });
  if (keys === undefined) return { article };
  const { candidates, newest } = await deps.articles.nearDuplicateCandidates(keys.buckets);
  const verdict = judgeNearDuplicate(keys.signature, candidates, article.id);
  const filing: NearDuplicateFiling = { buckets: keys.buckets, signature: keys.encoded, clusterRoot: verdict?.nearDuplicateOf ?? article.id, newest };
  if (verdict === undefined) return { article, filing };
  return { article: { ...article, nearDuplicateOf: verdict.nearDuplicateOf, similarity: verdict.similarity }, filing };
}
