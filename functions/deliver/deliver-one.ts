/**
 * Deliver one queued message: one attempt at most, then say when to come back.
 * The lean path (a message's first attempt that succeeds) costs no read of the
 * delivery record, no read of the subscription (cached per container, see
 * subscription-cache.ts) and one item written: its first-delivery entry, the
 * attempt's log entry that is the delivery's record too (delivery-log.ts),
 * batched with its neighbours' (attempt-log-batch.ts).
 *
 * 1. Look up the subscription (cache); gone → drop the message.
 * 2. Read the delivery record, unless this is the message's first receive:
 *    then no attempt can have been recorded for its round yet, and the
 *    conditional write in step 5 (delivery-log.ts) is what keeps a stale or
 *    duplicate message from rolling the record back. On a later receive (its
 *    first attempt may have delivered, and the invocation died before SQS
 *    deleted it): a newer round (a replay) or a finished delivery → drop, no
 *    POST; not due yet (a delay longer than SQS's 12 h cap) → sleep again, no
 *    attempt counted.
 * 3. Disabled endpoint → mark the delivery failed, drop.
 * 4. Sign with every secret still valid, send. Nothing is written first: a
 *    crash before the writes below sends again, under the same webhook-id.
 * 5. Decide: delivered, retry later, give up (DLQ) or disable (410); record
 *    the delivery's state and the attempt (one first-delivery entry on the
 *    lean path, otherwise a conditional state write and an attempt entry).
 * 6. Track the endpoint's failure streak; five days of it disables the endpoint.
 */
import { decideAfterAttempt, describeResult, type AttemptResult, type Decision } from '#core/webhooks/attempt-outcome.ts';
import { afterFailure, goneEvent, type EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { AttemptRecord, Clock, DeliveryLog, DeliveryMessage, DeliveryState, Random, StoredSubscription } from '#core/webhooks/ports.ts';
import type { RetryPolicy } from '#core/webhooks/retry-policy.ts';
import { signRequest } from '#core/webhooks/signer.ts';
import type { HttpSender, WebhookRequest } from '#adapters/http-sender.ts';
import type { DeliveryMetrics } from './metrics.ts';
import type { NoticeSink } from './notices.ts';
import type { DeliverSubscriptions } from './subscription-cache.ts';

export type DeliveryStep =
  | { kind: 'done'; reason: string }
  | { kind: 'retry'; delaySeconds: number; reason: string }
  | { kind: 'dead_letter'; reason: string };

export interface DeliverDependencies {
  subscriptions: DeliverSubscriptions;
  deliveries: DeliveryLog;
  sender: HttpSender;
  policy: RetryPolicy;
  clock: Clock;
  random: Random;
  /** Structured log (WARN) of failed attempts, disabled endpoints, circuit changes, dead letters; never given secrets. */
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** Counts each attempt by outcome (the alarms read them). */
  metrics?: DeliveryMetrics;
  /** Told of every attempt's result: the handler's circuit breakers learn from it. */
  onAttempt?: (subscriptionId: string, delivered: boolean, error?: string, durationMs?: number) => void;
  /** Operator notices (notices.ts): an endpoint disabled. */
  notify?: NoticeSink;
}

/** Secrets that sign now: the current one and any rotated-out one still in its grace period. */
export function signingSecrets(subscription: StoredSubscription, now: Date): string[] {
  return subscription.secrets.filter((s) => !s.validUntil || Date.parse(s.validUntil) > now.getTime()).map((s) => s.secret);
}

/**
 * The request one attempt sends: the subscription's custom headers, then the Standard Webhooks headers
 * signed at `now` with every secret that signs now (the signature headers win over a custom header of
 * the same name, though custom-headers.ts refuses those names already). Test events are sent the same way.
 */
export function signedRequest(subscription: StoredSubscription, webhookId: string, body: string, now: Date): WebhookRequest {
  const headers = signRequest({ id: webhookId, timestamp: Math.floor(now.getTime() / 1000), body, secrets: signingSecrets(subscription, now) });
  return { url: subscription.url, headers: { ...subscription.headers, ...headers }, body };
}

export interface ReceiveContext {
  /**
   * SQS's ApproximateReceiveCount is 1: nothing was attempted under this message before, so
   * the delivery record is not read. A duplicate message (the same stream batch enqueued twice)
   * may then send once more, under the same webhook-id, which receivers deduplicate.
   */
  firstReceive?: boolean;
  /** When SQS took the message (epoch ms): on a later receive, its first attempt was made after it. */
  sentAt?: number | undefined;
}

/**
 * Clocks differ a little between the queue and the deliver containers. The search this widens reads the
 * subscription's attempts since the message was sent (at most 4 MB, delivery-log.ts): for a message held
 * back by the in-flight limit, a few seconds of its endpoint's attempts.
 */
const SENT_AT_SKEW_MS = 5_000;

export async function deliverOne(message: DeliveryMessage, deps: DeliverDependencies, context: ReceiveContext = {}): Promise<DeliveryStep> {
  const log = deps.log ?? (() => undefined);
  const now = deps.clock();
  const subscription = await deps.subscriptions.get(message.subscriptionId);
  if (!subscription) return { kind: 'done', reason: 'subscription deleted' };

  // A round-0 message's first attempt may have delivered and left only its first-delivery entry, made after the message was sent.
  const search = message.round === 0 ? { from: context.sentAt ? new Date(context.sentAt - SENT_AT_SKEW_MS).toISOString() : undefined } : undefined;
  const found = context.firstReceive ? undefined : await deps.deliveries.get(message.subscriptionId, message.deliveryId, search);
  const record = found && found.round >= message.round ? found : undefined;
  if (record && record.round > message.round) return { kind: 'done', reason: 'superseded by a replay' };
  if (record && record.status !== 'pending') return { kind: 'done', reason: `already ${record.status}` };
  const previous = record?.attempts ?? 0;
  const settle = (state: Omit<DeliveryState, 'round'>, at: string) => deps.deliveries.settle(message, { round: message.round, ...state }, at);
  if (subscription.status !== 'active') {
    await settle({ attempts: previous, status: 'failed', lastError: 'endpoint disabled' }, now.toISOString());
    return { kind: 'done', reason: 'endpoint disabled' };
  }
  if (record?.nextAttemptAt && Date.parse(record.nextAttemptAt) - now.getTime() > 1000) {
    const delaySeconds = Math.ceil((Date.parse(record.nextAttemptAt) - now.getTime()) / 1000);
    return { kind: 'retry', delaySeconds, reason: 'not due yet' };
  }

  const attempt = previous + 1;
  const result: AttemptResult = await deps.sender.send(signedRequest(subscription, message.deliveryId, message.body, now));
  const finishedAt = deps.clock();
  const decision = decideAfterAttempt(deps.policy, attempt, result, finishedAt.getTime(), deps.random());
  deps.metrics?.attempt(decision.action);
  deps.onAttempt?.(message.subscriptionId, decision.action === 'delivered', decision.action === 'delivered' ? undefined : describeResult(result), result.durationMs);
  // A delivered attempt is only counted (the handler's summary line and the metrics); a failed one is told, never with a secret or a header.
  if (decision.action !== 'delivered') {
    log('webhook.attempt_failed', {
      subscriptionId: message.subscriptionId, webhookId: message.deliveryId, attempt, outcome: decision.action,
      status: result.kind === 'response' ? result.status : result.error, durationMs: result.durationMs,
    });
  }

  const { step, state, disabled } = conclude(subscription, decision, attempt, finishedAt, deps.policy);
  const entry: AttemptRecord = {
    subscriptionId: message.subscriptionId,
    deliveryId: message.deliveryId,
    eventType: message.eventType,
    articleId: message.articleId,
    round: message.round,
    attempt,
    at: now.toISOString(),
    status: result.kind === 'response' ? result.status : undefined,
    durationMs: result.durationMs,
    response: result.kind === 'response' ? result.responsePrefix : undefined,
    error: decision.action === 'delivered' ? undefined : describeResult(result),
    outcome: decision.action,
  };
  if (decision.action === 'delivered' && message.round === 0 && attempt === 1) {
    await deps.deliveries.logFirstDelivery({ attempt: entry, eventKey: message.eventKey });
  } else {
    await Promise.all([settle(state, finishedAt.toISOString()), deps.deliveries.logAttempt(entry)]);
  }

  // The endpoint's health, only written when it changes (never on the lean path).
  if (decision.action === 'delivered') {
    if (subscription.failingSince) await deps.subscriptions.setFailingSince(subscription.id, undefined);
  } else if (!subscription.failingSince && !disabled) {
    await deps.subscriptions.setFailingSince(subscription.id, finishedAt.toISOString());
  }
  if (disabled) {
    await deps.subscriptions.disable(subscription.id, disabled);
    log('endpoint.disabled', { ...disabled });
    await deps.notify?.({ kind: 'endpoint.disabled', subscriptionId: subscription.id, reason: disabled.reason, lastError: describeResult(result), at: disabled.at });
  }
  return step;
}

/** What an attempt's decision means for the delivery's record and the endpoint. */
function conclude(
  subscription: StoredSubscription,
  decision: Decision,
  attempt: number,
  finishedAt: Date,
  policy: RetryPolicy,
): { step: DeliveryStep; state: Omit<DeliveryState, 'round'>; disabled?: EndpointDisabledEvent } {
  if (decision.action === 'delivered') return { step: { kind: 'done', reason: 'delivered' }, state: { attempts: attempt, status: 'delivered' } };
  if (decision.action === 'disable_endpoint') {
    return {
      step: { kind: 'done', reason: decision.reason },
      state: { attempts: attempt, status: 'failed', lastError: decision.reason },
      disabled: goneEvent(subscription.id, finishedAt),
    };
  }
  const health = afterFailure(subscription.id, { failingSince: subscription.failingSince }, finishedAt, policy);
  if (health.disabled) {
    return {
      step: { kind: 'done', reason: health.disabled.reason },
      state: { attempts: attempt, status: 'failed', lastError: `${decision.reason}; ${health.disabled.reason}` },
      disabled: health.disabled,
    };
  }
  if (decision.action === 'give_up') {
    return { step: { kind: 'dead_letter', reason: decision.reason }, state: { attempts: attempt, status: 'failed', lastError: decision.reason } };
  }
  const nextAttemptAt = new Date(finishedAt.getTime() + decision.delaySeconds * 1000).toISOString();
  return {
    step: { kind: 'retry', delaySeconds: decision.delaySeconds, reason: decision.reason },
    state: { attempts: attempt, status: 'pending', nextAttemptAt, lastError: decision.reason },
  };
}
