/**
 * Withdrawing (killing) an article, `DELETE /articles/{id}`:
 * 1. load it: unknown → 404; the caller must be the admin or its publisher (403);
 * 2. already withdrawn → the same article again, outcome `unchanged` (DELETE is idempotent);
 * 3. otherwise status `withdrawn`, `withdrawnAt` now; the one transaction removes every feed-index and
 *    embargo item. The article itself stays, for audit; the stream tells feeds and webhooks.
 */
import type { Article } from '#core/article/schema.ts';
import { requirePublisher, type Principal } from '#adapters/auth.ts';
import { retryOnConflict } from './article-state.ts';
import { fullArticle, writeArticle } from './article-writer.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';

/** `withdrawn` when this request withdrew the article, `unchanged` when it already was. */
export interface WithdrawOutcome {
  kind: 'withdrawn' | 'unchanged';
  article: Article;
}

export async function withdrawArticle(deps: IngestDependencies, principal: Principal, id: string): Promise<WithdrawOutcome> {
  return retryOnConflict(`withdrawing article ${id}`, async () => {
    const current = await deps.articles.get(id);
    if (!current) throw new IngestError('not_found', `no article ${id}`);
    requirePublisher(principal, current.article.publisher.id);
    if (current.article.status === 'withdrawn') return { kind: 'unchanged', article: current.article };
    const now = deps.clock.now().toISOString();
    const after: Article = { ...(await fullArticle(deps, current)), status: 'withdrawn', withdrawnAt: now, updatedAt: now };
    await writeArticle(deps, { before: current, after, ...(current.sourceHash ? { sourceHash: current.sourceHash } : {}) });
    return { kind: 'withdrawn', article: after };
  });
}
