/**
 * Replay deliveries: send again with the same webhook-id and body, so a
 * receiver that already has the event can recognise it.
 *
 * 1. Pick the deliveries: one by id, or every one created since a time.
 * 2. Start a new round for each (pending, zero attempts): older messages still
 *    in the queue become stale and are dropped by the deliver Lambda.
 * 3. Enqueue one message per delivery with the new round and the event's stored body
 *    (a delivery whose body has expired is skipped and not reported as replayed).
 */
import type { Clock, DeliveryLog, DeliveryMessage, DeliveryQueue, DeliveryRecord, PayloadStore } from '#core/webhooks/ports.ts';

export const MAX_DELIVERY_ID_CHARS = 100;
const deliveryIdShape = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_DELIVERY_ID_CHARS}}$`);

export class ReplayRefused extends Error {
  override readonly name = 'ReplayRefused';
  constructor(
    readonly code: 'invalid_replay' | 'delivery_not_found',
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface ReplayDependencies {
  deliveries: DeliveryLog;
  /** Bodies stored once per event; records written before that carry their own. */
  payloads?: Pick<PayloadStore, 'get'> | undefined;
  queue: DeliveryQueue;
  clock: Clock;
}

export async function replayDeliveries(subscriptionId: string, input: unknown, deps: ReplayDependencies): Promise<{ replayed: string[] }> {
  const request = (input ?? {}) as { deliveryId?: unknown; since?: unknown };
  const byId = typeof request.deliveryId === 'string' && request.deliveryId !== '';
  const since = typeof request.since === 'string' ? Date.parse(request.since) : NaN;
  if (byId === !Number.isNaN(since)) {
    throw new ReplayRefused('invalid_replay', 400, 'give exactly one of deliveryId (a webhook-id) or since (an ISO 8601 time)');
  }
  // A delivery id is part of a table key (sort keys stop at 1,024 bytes): one we could never have issued is refused, not looked up.
  if (byId && !deliveryIdShape.test(request.deliveryId as string)) {
    throw new ReplayRefused('invalid_replay', 400, `deliveryId must be a webhook-id as the deliveries list shows it (msg_…, at most ${MAX_DELIVERY_ID_CHARS} characters)`);
  }
  const records = byId
    ? [await deps.deliveries.get(subscriptionId, request.deliveryId as string)].filter((r) => r !== undefined)
    : await deps.deliveries.deliveriesSince(subscriptionId, new Date(since).toISOString());
  if (byId && records.length === 0) throw new ReplayRefused('delivery_not_found', 404, `no delivery ${String(request.deliveryId)} for ${subscriptionId}`);

  return requeue(subscriptionId, records, deps);
}

/**
 * After a re-enable: every delivery made since the endpoint started failing
 * (or was disabled) that never arrived, sent again with its webhook-id.
 */
export async function replayMissed(subscriptionId: string, since: string, deps: ReplayDependencies): Promise<{ replayed: string[] }> {
  const records = await deps.deliveries.deliveriesSince(subscriptionId, since);
  return requeue(subscriptionId, records.filter((r) => r.status !== 'delivered'), deps);
}

async function requeue(subscriptionId: string, records: DeliveryRecord[], deps: ReplayDependencies): Promise<{ replayed: string[] }> {
  const now = deps.clock().toISOString();
  const messages: DeliveryMessage[] = [];
  for (const record of records) {
    const body = record.body ?? (record.eventKey ? await deps.payloads?.get(record.eventKey) : undefined);
    if (body === undefined) continue;
    const round = await deps.deliveries.restart(record, now);
    messages.push({
      subscriptionId,
      deliveryId: record.deliveryId,
      eventType: record.eventType,
      articleId: record.articleId,
      body,
      ...(record.eventKey ? { eventKey: record.eventKey } : {}),
      round,
    });
  }
  if (messages.length > 0) await deps.queue.send(messages);
  return { replayed: messages.map((m) => m.deliveryId) };
}
