/**
 * An article event reduced to what fan-out needs: its identity (for the
 * webhook-ids), the index buckets it reads and its body, serialised once for
 * every subscriber. Small (the body is capped at 20 KB), so an event that
 * could not be handed over fits in a dead-letter message and can be redriven
 * without reading the article again.
 */
import { articleEventTypes, type ArticleEvent, type ArticleEventType } from '../article/events.ts';
import { buildPayload, serialisePayload } from './payload.ts';
import type { FilteredArticle } from './subscriber-filter.ts';
import { bucketsFor } from './subscription-index.ts';
import { eventKey } from './webhook-id.ts';

export interface PreparedEvent {
  /** eventKey(): what webhook-ids derive from. */
  key: string;
  type: ArticleEventType;
  articleId: string;
  /** Subscription index buckets: `*` and the article's tags. */
  buckets: string[];
  /** What subscriber filters judge by (subscriber-filter.ts): tags with relevance, near-duplicate mark. */
  article: FilteredArticle;
  body: string;
}

/** Never throws for an accepted article: the payload always fits (payload.ts). */
export function prepareEvent(event: ArticleEvent, publicBaseUrl: string): PreparedEvent {
  return {
    key: eventKey(event),
    type: event.type,
    articleId: event.article.id,
    buckets: bucketsFor(event),
    article: {
      tags: event.article.tags.map((t) => ({ id: t.id, type: t.type, implied: t.implied, ...(t.relevance !== undefined ? { relevance: t.relevance } : {}) })),
      ...(event.article.nearDuplicateOf !== undefined ? { nearDuplicateOf: event.article.nearDuplicateOf } : {}),
    },
    body: serialisePayload(buildPayload(event, publicBaseUrl)),
  };
}

/** Reads a prepared event back from a dead-letter message; undefined when it is not one. */
export function preparedEventOf(value: unknown): PreparedEvent | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const article = v.article as { tags?: unknown } | undefined;
  const ok = typeof v.key === 'string' && (articleEventTypes as readonly unknown[]).includes(v.type)
    && typeof v.articleId === 'string' && typeof v.body === 'string'
    && Array.isArray(v.buckets) && v.buckets.every((b) => typeof b === 'string')
    && !!article && Array.isArray(article.tags);
  return ok ? (v as unknown as PreparedEvent) : undefined;
}
