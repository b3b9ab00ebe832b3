/**
 * Releasing an embargo (EventBridge Scheduler on AWS, the local runtime's timer here):
 * 1. load the article; anything but an embargoed article whose time has come is left alone
 *    (a schedule firing twice, or for an article corrected or withdrawn since, does nothing);
 * 2. status `published`, `updatedAt` now; the one transaction adds its feed-index items and
 *    removes the EMBARGO item, and the stream publishes it to feeds and webhooks.
 */
import { retryOnConflict } from './article-state.ts';
import { fullArticle, writeArticle } from './article-writer.ts';
import type { IngestDependencies } from './ports.ts';

export type ReleaseOutcome = 'released' | 'not-embargoed' | 'not-yet' | 'not-found';

export async function releaseEmbargo(deps: IngestDependencies, articleId: string): Promise<ReleaseOutcome> {
  return retryOnConflict(`releasing article ${articleId}`, async () => {
    const current = await deps.articles.get(articleId);
    if (!current) return 'not-found';
    if (current.article.status !== 'embargoed') return 'not-embargoed';
    const now = deps.clock.now();
    if (Date.parse(current.article.embargoUntil!) > now.getTime()) return 'not-yet';
    const after = { ...(await fullArticle(deps, current)), status: 'published' as const, updatedAt: now.toISOString() };
    await writeArticle(deps, { before: current, after, ...(current.sourceHash ? { sourceHash: current.sourceHash } : {}) });
    deps.log.info('embargo released', { articleId });
    return 'released';
  });
}

/** Every embargo whose time has come, released one by one; what the local timer calls. */
export async function releaseDueEmbargoes(deps: IngestDependencies): Promise<{ articleId: string; outcome: ReleaseOutcome }[]> {
  const due = await deps.articles.embargoesDue(deps.clock.now().toISOString());
  const results: { articleId: string; outcome: ReleaseOutcome }[] = [];
  for (const { articleId } of due) results.push({ articleId, outcome: await releaseEmbargo(deps, articleId) });
  return results;
}
