/**
 * Redrive what the publish DLQ holds (`syndicate redrive --events`).
 *
 * 1. Take a batch of messages from the publish DLQ.
 * 2. An undelivered-event message is enqueued again (enqueue.ts: same
 *    webhook-ids, same body), then deleted; if it still cannot be queued it
 *    stays for the next redrive.
 * 3. A stream batch the publish mapping gave up on (its on-failure record names
 *    a range of the stream) is published again whole, when the caller can
 *    (`republish`: functions/publish/redrive-batch.ts), then deleted; otherwise
 *    it stays where it is, and is counted.
 * 4. Anything else is left where it is and counted.
 * 5. Repeat until a receive comes back empty or `max` messages are moved.
 */
import type { FanOutQueue, PayloadStore, SubscriptionStore } from '#core/webhooks/ports.ts';
import type { PreparedEvent } from '#core/webhooks/prepared-event.ts';
import { enqueuePrepared } from './enqueue.ts';

export interface ParkedMessage {
  /** The event, or undefined for a message that is not an undelivered event. */
  event: PreparedEvent | undefined;
  /** The message's body, for a caller that knows other kinds (an on-failure record). */
  body?: string;
  receipt: string;
}

export interface ParkedEvents {
  /** Receives up to `max` messages, hiding them for a while so one run sees each once. */
  receive(max: number): Promise<ParkedMessage[]>;
  remove(receipt: string): Promise<void>;
}

/** Publishes again the stream batch a message describes: true when done, false to leave the message; undefined for a message it does not know. */
export type Republish = (body: string) => Promise<boolean | undefined>;

export async function redriveEvents(
  deps: { parked: ParkedEvents; subscriptions: Pick<SubscriptionStore, 'idsInBuckets'>; queue: FanOutQueue; payloads?: Pick<PayloadStore, 'put'>; republish?: Republish },
  max = Number.POSITIVE_INFINITY,
): Promise<{ moved: number; republished: number; leftInPlace: number }> {
  let moved = 0;
  let republished = 0;
  let leftInPlace = 0;
  while (moved + republished < max) {
    const batch = await deps.parked.receive(Math.min(10, max - moved - republished));
    if (batch.length === 0) break;
    for (const { event, body, receipt } of batch) {
      if (!event) {
        if (body !== undefined && (await deps.republish?.(body))) {
          await deps.parked.remove(receipt);
          republished++;
        } else leftInPlace++;
        continue;
      }
      if ((await enqueuePrepared([event], deps)).failed.length > 0) {
        leftInPlace++;
        continue;
      }
      await deps.parked.remove(receipt);
      moved++;
    }
  }
  return { moved, republished, leftInPlace };
}
