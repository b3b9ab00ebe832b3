/**
 * Enqueue deliveries for article events: the publish Lambda's entry into
 * webhooks.
 *
 * 1. For each event, read the subscription index buckets of its tags and `*`
 *    (cost follows the matching subscriptions, not all of them).
 * 2. Keep subscriptions that want it, each once: event type, near-duplicates
 *    left out when `distinct`, `minRelevance` on the matching tag (subscriber-filter.ts).
 * 3. Build and serialise the payload once per event (same bytes for everyone).
 * 4. Derive each delivery's webhook-id from (subscription, event), so a stream
 *    batch processed twice enqueues the same ids and receivers deduplicate.
 * 5. Send one message per (subscription × event) in batches.
 */
import type { ArticleEvent } from '#core/article/events.ts';
import { buildPayload, serialisePayload } from '#core/webhooks/payload.ts';
import type { DeliveryMessage, DeliveryQueue, SubscriptionStore } from '#core/webhooks/ports.ts';
import { bucketsFor } from '#core/webhooks/subscription-index.ts';
import { wantingSubscribers } from '#core/webhooks/subscriber-filter.ts';
import { webhookId } from '#core/webhooks/webhook-id.ts';

export interface EnqueueDependencies {
  subscriptions: Pick<SubscriptionStore, 'idsInBuckets'>;
  queue: DeliveryQueue;
  /** Base of the API, for the payload's links (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
}

export async function enqueueDeliveries(events: readonly ArticleEvent[], deps: EnqueueDependencies): Promise<DeliveryMessage[]> {
  const messages: DeliveryMessage[] = [];
  for (const event of events) {
    const candidates = await deps.subscriptions.idsInBuckets(bucketsFor(event));
    const wanted = wantingSubscribers(candidates, event);
    if (wanted.size === 0) continue;
    const body = serialisePayload(buildPayload(event, deps.publicBaseUrl));
    for (const subscriptionId of wanted) {
      messages.push({
        subscriptionId,
        deliveryId: webhookId(subscriptionId, event),
        eventType: event.type,
        articleId: event.article.id,
        body,
        round: 0,
      });
    }
  }
  if (messages.length > 0) await deps.queue.send(messages);
  return messages;
}
