/**
 * `GET /subscriptions/{id}/stats`: the endpoint's last 24 hours.
 * 1. read the window's attempts, newest first, at most MAX_ATTEMPTS_READ (1,000) items in
 *    one to three Query pages (only the fields stats use are returned);
 * 2. compute the figures (core/webhooks/delivery-stats.ts), test events left out;
 * 3. say whether the window was read whole (`complete`), and where the circuit state comes from.
 */
import { MAX_ATTEMPTS_READ } from '#adapters/delivery-log.ts';
import { deliveryStats, STATS_WINDOW_HOURS } from '#core/webhooks/delivery-stats.ts';
import type { StatsView } from '#core/webhooks/health-answers.ts';
import type { Clock, DeliveryLog, StoredSubscription } from '#core/webhooks/ports.ts';

export type { StatsView };

export const CIRCUIT_NOTE =
  'Circuit breakers live in each deliver container; this is the state a breaker that saw every logged attempt would be in.';

export async function subscriptionStats(
  subscription: StoredSubscription,
  deps: { deliveries: Pick<DeliveryLog, 'attemptsBetween'>; clock: Clock },
): Promise<StatsView> {
  const now = deps.clock();
  const from = new Date(now.getTime() - STATS_WINDOW_HOURS * 3600_000).toISOString();
  const read = await deps.deliveries.attemptsBetween(subscription.id, from, now.toISOString(), MAX_ATTEMPTS_READ);
  return {
    subscriptionId: subscription.id,
    status: subscription.status,
    ...(subscription.failingSince ? { failingSince: subscription.failingSince } : {}),
    ...deliveryStats(read.items, now),
    complete: read.complete,
    readLimit: MAX_ATTEMPTS_READ,
    circuitNote: CIRCUIT_NOTE,
  };
}
