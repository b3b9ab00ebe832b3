/**
 * Hands a stream batch's article events to webhook delivery so that no event
 * is ever dropped silently.
 *
 * 1. Enqueue every event (enqueue.ts): each succeeds or fails alone.
 * 2. Try the failed ones once more after a short pause (a throttle passes).
 * 3. Dead-letter what still failed, with the reason, to the publish DLQ: the
 *    operator's alarm watches it and `syndicate redrive --events` sends them on.
 * 4. Return the events the DLQ could not take either: their stream records
 *    are reported failed, so the stream retries them (and, after its retries,
 *    its on-failure destination records the batch).
 */
import type { ArticleEvent } from '#core/article/events.ts';
import type { EventDeadLetters } from '#core/webhooks/ports.ts';
import { prepareEvent } from '#core/webhooks/prepared-event.ts';
import { enqueuePrepared, type EnqueueDependencies } from './enqueue.ts';

export interface HandOverDependencies extends EnqueueDependencies {
  deadLetters?: EventDeadLetters | undefined;
  warn: (message: string, details: Record<string, unknown>) => void;
  /** Pause before the second try. */
  retryPauseMs?: number;
}

export async function handOverEvents(events: readonly ArticleEvent[], deps: HandOverDependencies): Promise<ArticleEvent[]> {
  const prepared = events.map((e) => prepareEvent(e, deps.publicBaseUrl));
  let { failed } = await enqueuePrepared(prepared, deps);
  if (failed.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, deps.retryPauseMs ?? 200));
    ({ failed } = await enqueuePrepared(failed.map((f) => f.event), deps));
  }
  if (failed.length === 0) return [];
  const stuck = deps.deadLetters ? await deps.deadLetters.deadLetter(failed).catch(() => failed.map((f) => f.event)) : failed.map((f) => f.event);
  for (const f of failed) {
    const parked = !stuck.includes(f.event);
    deps.warn(parked ? 'webhook event dead-lettered to the publish DLQ' : 'webhook event not handed over; its stream record will be retried', {
      articleId: f.event.articleId, eventType: f.event.type, reason: f.reason,
    });
  }
  return stuck.map((p) => events[prepared.indexOf(p)]!);
}
