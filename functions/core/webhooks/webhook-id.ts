/**
 * The `webhook-id` of one delivery: derived, not drawn, from the subscription
 * and the event's identity. A retry, a replay, or the same stream record
 * processed twice (Lambda retries a batch) all yield the same id, so receivers
 * deduplicate on it and we can use it as the delivery's key.
 */
import { createHash } from 'node:crypto';
import type { ArticleEvent } from '../article/events.ts';

/** What makes two events the same event: the article, the kind of change, the version and when it happened. */
export const eventKey = (event: ArticleEvent): string =>
  `${event.article.id}|${event.type}|v${event.article.version}|${event.occurredAt}`;

/** The id from an event key already computed (a dead-lettered event carries its key, not the article). */
export function webhookIdOfKey(subscriptionId: string, key: string): string {
  const digest = createHash('sha256').update(`${subscriptionId}\n${key}`).digest('base64url');
  return `msg_${digest.slice(0, 27)}`;
}

export const webhookId = (subscriptionId: string, event: ArticleEvent): string => webhookIdOfKey(subscriptionId, eventKey(event));
