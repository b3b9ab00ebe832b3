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
import { MAX_DELIVERY_ID_CHARS, ReplayRequest } from '#core/webhooks/replay-request.ts';

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
  const parsed = ReplayRequest.safeParse(input ?? {});
  if (!parsed.success) throw new ReplayRefused('invalid_replay', 400, replayProblem(input));
  const request = parsed.data;
  const records =
    'deliveryId' in request
      ? // A delivery whose first attempt delivered is found by its first-delivery entry (delivery-log.ts).
        [await deps.deliveries.get(subscriptionId, request.deliveryId, { deep: true })].filter((r) => r !== undefined)
      : await deps.deliveries.deliveriesSince(subscriptionId, new Date(request.since).toISOString());
  if ('deliveryId' in request && records.length === 0) throw new ReplayRefused(
      'delivery_not_found',
      404,
      `no delivery ${request.deliveryId} for ${subscriptionId} among its recent deliveries (about the newest 80,000 are searched by id); replay an older one with since`,
    );

  return requeue(subscriptionId, records, deps);
}

/** Says which rule of the replay body `input` broke, in the words a partner needs to fix it. */
function replayProblem(input: unknown): string {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const given = ['deliveryId', 'since'].filter((name) => body[name] !== undefined);
  const unknown = Object.keys(body).filter((name) => name !== 'deliveryId' && name !== 'since');
  if (unknown.length) return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}; give deliveryId or since`;
  if (given.length !== 1) return 'give exactly one of deliveryId (a webhook-id) or since (an ISO 8601 time)';
  if (given[0] === 'deliveryId') return `deliveryId must be a webhook-id as the deliveries list shows it (msg_…, at most ${MAX_DELIVERY_ID_CHARS} characters)`;
  return 'since must be an ISO 8601 date and time with its zone (e.g. 2026-12-01T09:00:00Z)';
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
