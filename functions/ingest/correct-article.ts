/**
 * Correcting an article (`PUT /articles/{id}`, or a post that carries the
 * source id / canonical URL of a stored article):
 * 1. load the article: unknown → 404; withdrawn → 409;
 * 2. the caller must be the admin or the article's publisher (403), and the content must not name another publisher (403);
 * 3. the same text and the same images as the current version → nothing written, the current version is the answer
 *    (an image-only change is a correction: the fingerprint covers only the text);
 * 4. text that another article already has, or a source id another article holds → 409;
 * 5. otherwise version + 1, same id, `updatedAt` now, one transaction (retried on a concurrent write).
 */
import type { Article } from '#core/article/schema.ts';
import { sameMedia } from '#core/media/same-media.ts';
import { requirePublisher, type Principal } from '#adapters/auth.ts';
import type { CurrentArticle } from '#adapters/article-repository.ts';
import type { RawOriginal } from '#adapters/s3-store.ts';
import { articleState, retryOnConflict, sourceHashOf } from './article-state.ts';
import { writeArticle } from './article-writer.ts';
import { registeredPublisherLine } from './publisher-line.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies, ProcessResult } from './ports.ts';

export interface WriteOutcome {
  kind: 'created' | 'corrected' | 'unchanged';
  article: Article;
}

export async function correctArticle(deps: IngestDependencies, principal: Principal, id: string, raw: RawOriginal): Promise<WriteOutcome> {
  const first = await deps.articles.get(id);
  if (!first) throw new IngestError('not_found', `no article ${id}`);
  requirePublisher(principal, first.article.publisher.id);
  const processed = deps.core.process(raw, first.article.publisher, await registeredPublisherLine(deps, raw));
  assertSamePublisher(processed, first.article.publisher.id);
  return retryOnConflict(`correcting article ${id}`, async () => {
    const current = await deps.articles.get(id);
    if (!current) throw new IngestError('not_found', `no article ${id}`);
    return applyCorrection(deps, current, processed, raw);
  });
}

export async function applyCorrection(
  deps: IngestDependencies,
  current: CurrentArticle,
  { article: processed }: ProcessResult,
  raw: RawOriginal,
): Promise<WriteOutcome> {
  const { id, publisher } = current.article;
  if (current.article.status === 'withdrawn') {
    throw new IngestError('article_withdrawn', `article ${id} was withdrawn at ${current.article.withdrawnAt}; it cannot be corrected`);
  }
  if (processed.fingerprint === current.article.fingerprint && sameMedia(processed.media, current.article.media)) return { kind: 'unchanged', article: current.article };

  const holder = await deps.articles.idByFingerprint(publisher.id, processed.fingerprint);
  if (holder && holder !== id) {
    throw new IngestError('duplicate_of_other_article', `this text is already stored as article ${holder}`);
  }
  const sourceHash = sourceHashOf(processed);
  const sourceHolder = sourceHash ? await deps.articles.idBySource(publisher.id, sourceHash) : undefined;
  if (sourceHolder && sourceHolder !== id) {
    throw new IngestError('duplicate_of_other_article', `this source id / canonical URL belongs to article ${sourceHolder}`);
  }

  // The near-duplicate link says how the article arrived; a correction keeps it (and files no new buckets).
  const { nearDuplicateOf, similarity } = current.article;
  const after = articleState(
    { ...processed, id, publisher, ...(nearDuplicateOf ? { nearDuplicateOf } : {}), ...(similarity !== undefined ? { similarity } : {}) },
    {
      version: current.article.version + 1,
      now: deps.clock.now(),
      publishedAt: current.article.publishedAt,
      ...(current.article.embargoUntil ? { embargoUntil: current.article.embargoUntil } : {}),
    },
  );
  const keptSource = sourceHash ?? current.sourceHash;
  await writeArticle(deps, { before: current, after, raw, ...(keptSource ? { sourceHash: keptSource } : {}) });
  if (after.status === 'embargoed') await deps.embargoes.schedule(id, after.embargoUntil!);
  return { kind: 'corrected', article: after };
}

export function assertSamePublisher({ statedPublisher }: ProcessResult, publisherId: string): void {
  if (statedPublisher && statedPublisher.id !== publisherId) {
    throw new IngestError(
      'publisher_mismatch',
      `the content names publisher ${statedPublisher.id} but is being written for publisher ${publisherId}`,
    );
  }
}
