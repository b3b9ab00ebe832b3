/**
 * What happened to an article, as partners see it. Derived purely from the
 * article's state before and after a write (the DynamoDB stream's old and new
 * images), so feeds and webhooks react to stored facts, never to a second,
 * possibly diverging, notification.
 */
import type { Article } from './schema.ts';

export const articleEventTypes = ['article.published', 'article.updated', 'article.withdrawn'] as const;
export type ArticleEventType = (typeof articleEventTypes)[number];

export interface ArticleEvent {
  type: ArticleEventType;
  article: Article;
  /** When the change happened: the article's `updatedAt`, or `withdrawnAt` for a withdrawal. */
  occurredAt: string;
}

const visible = (a: Article | undefined): a is Article => a?.status === 'published';

/**
 * The partner-visible event for one change, if any:
 * 1. not visible before, visible now (new article or embargo released) → published;
 * 2. visible before and now with a new version → updated;
 * 3. visible before, withdrawn now → withdrawn;
 * 4. anything else (embargoed writes, withdrawing an embargoed article, re-writes of the same version) → none.
 */
export function articleEventFromChange(before: Article | undefined, after: Article | undefined): ArticleEvent | undefined {
  if (!after) return undefined;
  if (visible(after) && !visible(before)) return { type: 'article.published', article: after, occurredAt: after.updatedAt };
  if (visible(after) && visible(before) && after.version !== before.version) {
    return { type: 'article.updated', article: after, occurredAt: after.updatedAt };
  }
  if (after.status === 'withdrawn' && visible(before)) {
    return { type: 'article.withdrawn', article: after, occurredAt: after.withdrawnAt ?? after.updatedAt };
  }
  return undefined;
}
