/**
 * Redrive dead-lettered deliveries (`syndicate redrive`).
 *
 * 1. Take a batch of messages from the dead-letter queue.
 * 2. Start a new round on each delivery (pending, zero attempts), as replay does,
 *    so it gets a full retry schedule and keeps its webhook-id.
 * 3. Send it to the deliveries queue with the new round, then delete it from the DLQ
 *    (in that order: a crash between the two re-sends, which receivers deduplicate, rather than loses).
 * 4. Repeat until the DLQ is empty or `max` is reached.
 */
import type { Clock, DeliveryLog, DeliveryMessage, DeliveryQueue } from '#core/webhooks/ports.ts';

export interface DeadLetter {
  message: DeliveryMessage;
  receipt: string;
}

export interface DeadLetterSource {
  receive(max: number): Promise<DeadLetter[]>;
  remove(receipt: string): Promise<void>;
}

export async function redrive(
  deps: { deadLetters: DeadLetterSource; deliveries: DeliveryLog; queue: DeliveryQueue; clock: Clock },
  max = Number.POSITIVE_INFINITY,
): Promise<number> {
  let moved = 0;
  while (moved < max) {
    const batch = await deps.deadLetters.receive(Math.min(10, max - moved));
    if (batch.length === 0) break;
    for (const { message, receipt } of batch) {
      const record = await deps.deliveries.get(message.subscriptionId, message.deliveryId);
      const round = record ? await deps.deliveries.restart(record, deps.clock().toISOString()) : message.round;
      await deps.queue.send([{ ...message, round }]);
      await deps.deadLetters.remove(receipt);
      moved++;
    }
  }
  return moved;
}
