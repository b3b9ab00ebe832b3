/**
 * Publishing a posted article (`POST /articles`, or a file in the inbox):
 * 1. process the bytes (parse → normalise → tag → fingerprint); a refusal throws before anything is written;
 * 2. the publisher of record: a publisher key's own (content naming another → 403); for the admin, the
 *    publisher the content names (registered on first sight, once the article is stored). A text's
 *    first line names a publisher only when it is one we know (taxonomy, registered, the caller's own);
 *    otherwise it is the headline, and the admin is told how to name the publisher;
 * 3. text already stored for this publisher → that article, unchanged (200), unless the post brings other
 *    images than it has: then it is a correction of that article (an image-only change); withdrawn → 409;
 * 4. a source id / canonical URL already stored → a correction of that article (version + 1);
 * 5. otherwise a new article under the id the core derived (same content → same id), linked to the
 *    near-duplicate cluster it joins and filed under its buckets, in one transaction (near-duplicate.ts);
 *    a concurrent write of the same article loses cleanly and the round starts again from step 3;
 * 6. an embargoed article gets its release scheduled.
 */
import type { Publisher } from '#core/article/schema.ts';
import { sameMedia } from '#core/media/same-media.ts';
import type { Principal } from '#adapters/auth.ts';
import type { RawOriginal } from '#adapters/s3-store.ts';
import { articleState, retryOnConflict, sourceHashOf } from './article-state.ts';
import { writeArticle } from './article-writer.ts';
import { applyCorrection, assertSamePublisher, type WriteOutcome } from './correct-article.ts';
import { IngestError } from './errors.ts';
import { registeredPublisherLine } from './publisher-line.ts';
import { linkNearDuplicate } from './near-duplicate.ts';
import type { IngestDependencies, ProcessResult } from './ports.ts';

export async function publishArticle(deps: IngestDependencies, principal: Principal, raw: RawOriginal): Promise<WriteOutcome> {
  const result = await processFor(deps, principal, raw);
  const { article: processed } = result;
  const publisher = processed.publisher;
  const sourceHash = sourceHashOf(processed);

  const outcome = await retryOnConflict(`publishing "${processed.headline}"`, async (): Promise<WriteOutcome> => {
    const sameTextId = await deps.articles.idByFingerprint(publisher.id, processed.fingerprint);
    if (sameTextId) {
      const stored = await deps.articles.get(sameTextId);
      if (stored) {
        if (stored.article.status === 'withdrawn') {
          throw new IngestError('article_withdrawn', `this text was published as article ${sameTextId} and withdrawn`);
        }
        // A post without images (the text format has none) leaves the stored ones alone: only new pictures correct.
        if (processed.media?.length && !sameMedia(processed.media, stored.article.media)) return applyCorrection(deps, stored, result, raw);
        if (stored.article.status === 'embargoed') await deps.embargoes.schedule(sameTextId, stored.article.embargoUntil!);
        return { kind: 'unchanged', article: stored.article };
      }
    }
    const sameSourceId = sourceHash ? await deps.articles.idBySource(publisher.id, sourceHash) : undefined;
    const corrected = sameSourceId ? await deps.articles.get(sameSourceId) : undefined;
    if (corrected) return applyCorrection(deps, corrected, result, raw);

    const { article: after, filing } = await linkNearDuplicate(deps, articleState(processed, { version: 1, now: deps.clock.now() }));
    await writeArticle(deps, { after, raw, ...(sourceHash ? { sourceHash } : {}), ...(filing ? { nearDuplicate: filing } : {}) });
    if (after.status === 'embargoed') await deps.embargoes.schedule(after.id, after.embargoUntil!);
    return { kind: 'created', article: after };
  });
  // After the article, not before: a write that fails must leave nothing, a first-sight publisher included.
  if (principal.kind === 'admin') await deps.publishers.ensure(publisher, deps.clock.now().toISOString());
  return outcome;
}

async function processFor(deps: IngestDependencies, principal: Principal, raw: RawOriginal): Promise<ProcessResult> {
  const known = await registeredPublisherLine(deps, raw);
  if (principal.kind === 'publisher') {
    const record = await deps.publishers.get(principal.publisherId);
    const publisher: Publisher = record ? { id: record.id, name: record.name } : { id: principal.publisherId, name: principal.publisherId };
    const result = deps.core.process(raw, publisher, known);
    assertSamePublisher(result, publisher.id);
    return result;
  }
  return deps.core.process(raw, undefined, known);
}

