/**
 * Article events into the pull channel (`GET /events`): each event as its webhook body, under an id
 * derived from its identity, appended in the stream's order (adapters/event-log.ts). Publish calls it
 * for the same events it hands to webhook delivery, so both channels carry the same stream.
 */
import type { ArticleEvent } from '#core/article/events.ts';
import { eventIdOfKey } from '#core/webhooks/event-id.ts';
import { prepareEvent } from '#core/webhooks/prepared-event.ts';
import type { DynamoEventLog, EventToAppend } from '#adapters/event-log.ts';

export function eventToAppend(event: ArticleEvent, publicBaseUrl: string): EventToAppend {
  const prepared = prepareEvent(event, publicBaseUrl);
  return {
    id: eventIdOfKey(prepared.key),
    type: event.type,
    articleId: event.article.id,
    occurredAt: event.occurredAt,
    tags: event.article.tags.map((t) => t.id),
    body: prepared.body,
  };
}

export const eventRecorder =
  (log: Pick<DynamoEventLog, 'append'>, publicBaseUrl: string) =>
  async (events: readonly ArticleEvent[]): Promise<void> => {
    await log.append(events.map((e) => eventToAppend(e, publicBaseUrl)));
  };
