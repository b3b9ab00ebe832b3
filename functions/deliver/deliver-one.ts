/**
 * Deliver one queued message: one attempt at most, then say when to come back.
 *
 * 1. Load the subscription; gone → drop the message (nothing to deliver to).
 * 2. Begin (or find) the delivery record; a stale round or a finished
 *    delivery → drop (exactly once per webhook-id and round).
 * 3. Disabled endpoint → mark the delivery failed, drop.
 * 4. Not due yet (a delay longer than SQS's 12 h cap) → sleep again, no attempt counted.
 * 5. Claim the next attempt (a duplicate SQS receive cannot send twice), sign
 *    with every secret still valid, send.
 * 6. Log the attempt; decide: delivered, retry later, give up (DLQ) or disable (410).
 * 7. Track the endpoint's failure streak; five days of it disables the endpoint.
 */
import { decideAfterAttempt, describeResult, type AttemptResult } from '#core/webhooks/attempt-outcome.ts';
import { afterFailure, goneEvent, type EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { Clock, DeliveryLog, DeliveryMessage, Random, StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';
import type { RetryPolicy } from '#core/webhooks/retry-policy.ts';
import { signRequest } from '#core/webhooks/signer.ts';
import type { HttpSender } from '#adapters/http-sender.ts';
import type { DeliveryMetrics } from './metrics.ts';

export type DeliveryStep =
  | { kind: 'done'; reason: string }
  | { kind: 'retry'; delaySeconds: number; reason: string }
  | { kind: 'dead_letter'; reason: string };

export interface DeliverDependencies {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryLog;
  sender: HttpSender;
  policy: RetryPolicy;
  clock: Clock;
  random: Random;
  /** Structured log of each attempt and of disabled endpoints; never given secrets. */
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** Counts each attempt by outcome (the alarms read them). */
  metrics?: DeliveryMetrics;
}

/** Secrets that sign now: the current one and any rotated-out one still in its grace period. */
export function signingSecrets(subscription: StoredSubscription, now: Date): string[] {
  return subscription.secrets.filter((s) => !s.validUntil || Date.parse(s.validUntil) > now.getTime()).map((s) => s.secret);
}

export async function deliverOne(message: DeliveryMessage, deps: DeliverDependencies): Promise<DeliveryStep> {
  const log = deps.log ?? (() => undefined);
  const now = deps.clock();
  const subscription = await deps.subscriptions.get(message.subscriptionId);
  if (!subscription) return { kind: 'done', reason: 'subscription deleted' };

  const record = await deps.deliveries.begin(message, now.toISOString());
  if (record.round > message.round) return { kind: 'done', reason: 'superseded by a replay' };
  if (record.status !== 'pending') return { kind: 'done', reason: `already ${record.status}` };
  if (subscription.status !== 'active') {
    await deps.deliveries.update(record, { status: 'failed', lastError: 'endpoint disabled' }, now.toISOString());
    return { kind: 'done', reason: 'endpoint disabled' };
  }
  if (record.nextAttemptAt && Date.parse(record.nextAttemptAt) - now.getTime() > 1000) {
    const delaySeconds = Math.ceil((Date.parse(record.nextAttemptAt) - now.getTime()) / 1000);
    return { kind: 'retry', delaySeconds, reason: 'not due yet' };
  }

  const attempt = record.attempts + 1;
  if (!(await deps.deliveries.claimAttempt(record, attempt, now.toISOString()))) {
    return { kind: 'done', reason: 'attempt claimed by another worker' };
  }
  const headers = signRequest({
    id: message.deliveryId,
    timestamp: Math.floor(now.getTime() / 1000),
    body: message.body,
    secrets: signingSecrets(subscription, now),
  });
  const result: AttemptResult = await deps.sender.send({ url: subscription.url, headers: { ...subscription.headers, ...headers }, body: message.body });
  const finishedAt = deps.clock();
  const decision = decideAfterAttempt(deps.policy, attempt, result, finishedAt.getTime(), deps.random());
  deps.metrics?.attempt(decision.action);

  await deps.deliveries.logAttempt({
    subscriptionId: message.subscriptionId,
    deliveryId: message.deliveryId,
    round: record.round,
    attempt,
    at: now.toISOString(),
    status: result.kind === 'response' ? result.status : undefined,
    durationMs: result.durationMs,
    response: result.kind === 'response' ? result.responsePrefix : undefined,
    error: decision.action === 'delivered' ? undefined : describeResult(result),
    outcome: decision.action,
  });
  log('webhook.attempt', {
    subscriptionId: message.subscriptionId, webhookId: message.deliveryId, attempt, outcome: decision.action,
    status: result.kind === 'response' ? result.status : result.error, durationMs: result.durationMs,
  });

  const at = finishedAt.toISOString();
  const disable = async (event: EndpointDisabledEvent) => {
    await deps.subscriptions.disable(subscription.id, event);
    log('endpoint.disabled', { ...event });
  };

  if (decision.action === 'delivered') {
    await deps.deliveries.update(record, { status: 'delivered' }, at);
    if (subscription.failingSince) await deps.subscriptions.setFailingSince(subscription.id, undefined);
    return { kind: 'done', reason: 'delivered' };
  }
  if (decision.action === 'disable_endpoint') {
    await deps.deliveries.update(record, { status: 'failed', lastError: decision.reason }, at);
    await disable(goneEvent(subscription.id, finishedAt));
    return { kind: 'done', reason: decision.reason };
  }

  const health = afterFailure(subscription.id, { failingSince: subscription.failingSince }, finishedAt, deps.policy);
  if (!subscription.failingSince) await deps.subscriptions.setFailingSince(subscription.id, health.health.failingSince);
  if (health.disabled) {
    await deps.deliveries.update(record, { status: 'failed', lastError: `${decision.reason}; ${health.disabled.reason}` }, at);
    await disable(health.disabled);
    return { kind: 'done', reason: health.disabled.reason };
  }
  if (decision.action === 'give_up') {
    await deps.deliveries.update(record, { status: 'failed', lastError: decision.reason }, at);
    return { kind: 'dead_letter', reason: decision.reason };
  }
  const nextAttemptAt = new Date(finishedAt.getTime() + decision.delaySeconds * 1000).toISOString();
  await deps.deliveries.update(record, { status: 'pending', nextAttemptAt, lastError: decision.reason }, at);
  return { kind: 'retry', delaySeconds: decision.delaySeconds, reason: decision.reason };
}
