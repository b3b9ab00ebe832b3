/**
 * Enqueue deliveries for article events: the publish Lambda's entry into
 * webhooks. Each event succeeds or fails on its own, so one event that cannot
 * be handed over never holds back its neighbours.
 *
 * 1. Prepare each event: payload built and serialised once (it always fits),
 *    index buckets and the event key for the webhook-ids.
 * 2. For each event, read the subscription index buckets of its tags and `*`
 *    (cost follows the matching subscriptions, not all of them); keep those
 *    that want it, each once: event type, near-duplicates left out when
 *    `distinct`, `minRelevance` on the matching tag (subscriber-filter.ts).
 *    The body is stored once per event that has any (payload-store.ts), for replay.
 * 3. Derive each delivery's webhook-id from (subscription, event), so a stream
 *    batch processed twice enqueues the same ids and receivers deduplicate.
 * 4. Send one message per (subscription × event) in batches; an event any of
 *    whose messages the queue refused is reported failed (its accepted
 *    messages stay: they are the same webhook-ids a retry would send again).
 * 5. Mark each event whose messages were all queued as handed over, on its
 *    payload item (HandOverMarks): a stream record retried for its feeds hands
 *    its event over again, finds the mark when storing the body (step 2) and
 *    queues nothing, so no delivery is POSTed twice. The mark is written only
 *    after the messages are queued: a crash in between queues them again
 *    (duplicates under the same webhook-ids), never loses them.
 */
import type { ArticleEvent } from '#core/article/events.ts';
import type { DeliveryMessage, FailedEvent, FanOutQueue, HandOverMarks, PayloadStore, SubscriptionStore } from '#core/webhooks/ports.ts';
import { prepareEvent, type PreparedEvent } from '#core/webhooks/prepared-event.ts';
import { wantingSubscribers } from '#core/webhooks/subscriber-filter.ts';
import { webhookIdOfKey } from '#core/webhooks/webhook-id.ts';

export interface EnqueueDependencies {
  subscriptions: Pick<SubscriptionStore, 'idsInBuckets'>;
  queue: FanOutQueue;
  /** Where each event's body is stored once, for replay; events with no subscriber store nothing. */
  payloads?: (Pick<PayloadStore, 'put'> & Partial<HandOverMarks>) | undefined;
  /** Told when a hand-over mark could not be written (the next try of the event queues it again). */
  warn?: ((message: string, details: Record<string, unknown>) => void) | undefined;
  /** Base of the API, for the payload's links (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
}

export interface EnqueueOutcome {
  /** Messages the queue took. */
  messages: DeliveryMessage[];
  failed: FailedEvent[];
}

/** Index reads in flight at once: a stream batch of 100 events should not throttle the table. */
const INDEX_READS = 8;

export async function enqueueDeliveries(events: readonly ArticleEvent[], deps: EnqueueDependencies): Promise<EnqueueOutcome> {
  return enqueuePrepared(events.map((e) => prepareEvent(e, deps.publicBaseUrl)), deps);
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export async function enqueuePrepared(events: readonly PreparedEvent[], deps: Omit<EnqueueDependencies, 'publicBaseUrl'>): Promise<EnqueueOutcome> {
  const failed = new Map<PreparedEvent, string>();
  /** Events to mark handed over once their messages are queued. */
  const marked = new Set<PreparedEvent>();
  const owner = new Map<DeliveryMessage, PreparedEvent>();
  const messages: DeliveryMessage[] = [];
  for (let i = 0; i < events.length; i += INDEX_READS) {
    await Promise.all(events.slice(i, i + INDEX_READS).map(async (event) => {
      try {
        const candidates = await deps.subscriptions.idsInBuckets(event.buckets);
        const wanted = wantingSubscribers(candidates, event);
        const payloads = deps.payloads;
        if (wanted.size > 0 && payloads?.putIfNotHandedOver && payloads.markHandedOver) {
          if (await payloads.putIfNotHandedOver(event.key, event.body)) return;
          marked.add(event);
        } else if (wanted.size > 0) await payloads?.put(event.key, event.body);
        for (const subscriptionId of wanted) {
          const message: DeliveryMessage = {
            subscriptionId,
            deliveryId: webhookIdOfKey(subscriptionId, event.key),
            eventType: event.type,
            articleId: event.articleId,
            body: event.body,
            eventKey: event.key,
            round: 0,
          };
          owner.set(message, event);
          messages.push(message);
        }
      } catch (error) {
        failed.set(event, `subscriptions or payload store not reachable: ${describe(error)}`);
      }
    }));
  }
  if (messages.length > 0) {
    const refused = await deps.queue.sendEach(messages).catch(() => messages);
    for (const m of refused) failed.set(owner.get(m)!, 'the deliveries queue refused its messages');
  }
  const queued = [...marked].filter((event) => !failed.has(event));
  for (let i = 0; i < queued.length; i += INDEX_READS) {
    await Promise.all(queued.slice(i, i + INDEX_READS).map((event) =>
      deps.payloads?.markHandedOver?.(event.key, event.body).catch((error: unknown) =>
        deps.warn?.('webhook event queued but not marked handed over; a retry of its record queues it again', { articleId: event.articleId, error: describe(error) }))));
  }
  return {
    messages: messages.filter((m) => !failed.has(owner.get(m)!)),
    failed: [...failed].map(([event, reason]) => ({ event, reason })),
  };
}
