/**
 * Redrive article events parked in the publish DLQ (`syndicate redrive --events`).
 *
 * 1. Take a batch of messages from the publish DLQ.
 * 2. An undelivered-event message is enqueued again (enqueue.ts: same
 *    webhook-ids, same body), then deleted; if it still cannot be queued it
 *    stays for the next redrive.
 * 3. Anything else (the stream mapping's on-failure records, which name a
 *    range of the stream rather than an event) is left where it is and counted.
 * 4. Repeat until a receive comes back empty or `max` events are moved.
 */
import type { FanOutQueue, PayloadStore, SubscriptionStore } from '#core/webhooks/ports.ts';
import type { PreparedEvent } from '#core/webhooks/prepared-event.ts';
import { enqueuePrepared } from './enqueue.ts';

export interface ParkedMessage {
  /** The event, or undefined for a message that is not an undelivered event. */
  event: PreparedEvent | undefined;
  receipt: string;
}

export interface ParkedEvents {
  /** Receives up to `max` messages, hiding them for a while so one run sees each once. */
  receive(max: number): Promise<ParkedMessage[]>;
  remove(receipt: string): Promise<void>;
}

export async function redriveEvents(
  deps: { parked: ParkedEvents; subscriptions: Pick<SubscriptionStore, 'idsInBuckets'>; queue: FanOutQueue; payloads?: Pick<PayloadStore, 'put'> },
  max = Number.POSITIVE_INFINITY,
): Promise<{ moved: number; leftInPlace: number }> {
  let moved = 0;
  let leftInPlace = 0;
  while (moved < max) {
    const batch = await deps.parked.receive(Math.min(10, max - moved));
    if (batch.length === 0) break;
    for (const { event, receipt } of batch) {
      if (!event || (await enqueuePrepared([event], deps)).failed.length > 0) {
        leftInPlace++;
        continue;
      }
      await deps.parked.remove(receipt);
      moved++;
    }
  }
  return { moved, leftInPlace };
}
