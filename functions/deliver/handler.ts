/**
 * The deliver Lambda: SQS batch in, one attempt per message, partial batch
 * failures out (`ReportBatchItemFailures`).
 *
 * 1. Decode each message (an undecodable one is logged as an error and dropped:
 *    retrying cannot fix it); read the batch's endpoints in one BatchGetItem
 *    (the per-container cache, subscription-cache.ts, keeps them).
 * 2. Isolation: an endpoint whose circuit is open (in this container, or
 *    stored on the subscription by another), or that already has its share of
 *    deliveries in flight in this container, gets its message back later
 *    without an attempt, so a hanging or failing partner holds no slot that a
 *    healthy one could use. It comes back as a fresh copy (control.holdBack):
 *    a hidden message would count a receive each time it is held, and after
 *    the queue's maxReceiveCount SQS would dead-letter it unattempted.
 * 3. Deliver it (deliver-one.ts; on a message's first receive the delivery
 *    record is not read), counting the attempt in the metrics and the breaker;
 *    a circuit that opens is stored on the subscription and told to the
 *    operator, one that closes is cleared.
 * 4. Retry → set the message's visibility to the backoff and report it failed,
 *    so SQS hands it back then; dead letter → move it to the DLQ; done → let SQS delete it.
 * 5. Flush the batch's metrics and log one summary line (INFO): messages by
 *    outcome and the slowest endpoint. Per-delivery lines (WARN) only for what
 *    an operator acts on: failed attempts, circuit changes, dead letters.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { decodeMessage, heldBackOrigin, type DeliveryQueueControl } from '#adapters/delivery-queue.ts';
import { publishToTopic } from '#adapters/notice-topic.ts';
import { snsTopics } from '#commons/clients/sns.ts';
import { requiredEnv } from '#commons/env.ts';
import { loggerFor } from '#commons/observability.ts';
import { mappingThrownStacks } from '#commons/original-stack.ts';
import { deliverSizing, env } from '#infra/definitions.ts';
import { deliverOne, type DeliverDependencies } from './deliver-one.ts';
import { webhookAdapters, type WebhookAdapters } from './compose.ts';
import { deliverMetrics } from './metrics.ts';
import { operatorNotices } from './notices.ts';
import { CircuitBreakers, heldBySharedCircuit, InFlightLimit } from '#core/webhooks/circuit-breaker.ts';
import type { StoredSubscription } from '#core/webhooks/ports.ts';
import { withBatchedAttempts } from './attempt-log-batch.ts';
import { CachedSubscriptions, DEFAULT_SUBSCRIPTION_CACHE_SECONDS } from './subscription-cache.ts';

export type DeliverHandlerDependencies = Omit<DeliverDependencies, 'deliveries'> & {
  /** With `begin` (attempt-log-batch.ts), the batch's attempt log entries are written together. */
  deliveries: DeliverDependencies['deliveries'] & { begin?: () => () => void };
  /**
   * A fresh attempt-log batch (attempt-log-batch.ts) for each invocation, used instead of `deliveries`:
   * an invocation's entries wait only for its own deliveries, never for another invocation's slow
   * endpoint (the local runtime runs several invocations in one process; on AWS a container runs one).
   */
  invocationDeliveries?: () => DeliverDependencies['deliveries'] & { begin(): () => void };
  control: DeliveryQueueControl;
  /** The invocation's one INFO line (counts by outcome, slowest endpoint); the logger's by default. */
  summary?: (fields: InvocationSummary) => void;
  /** Per container; without them every message is attempted. */
  breakers?: CircuitBreakers;
  inFlight?: InFlightLimit;
};

export interface InvocationSummary {
  messages: number;
  /**
   * How each message left: delivered, retry, dead_letter, disabled (its endpoint disabled by the attempt), held_back
   * (circuit or in-flight limit, no attempt), skipped (nothing to send: already delivered, deleted, superseded), error, undecodable.
   */
  outcomes: Record<string, number>;
  slowest?: { subscriptionId: string; durationMs: number } | undefined;
}

/** Deliveries one endpoint may have in flight in one container (a batch holds ten); the stack's concurrency is sized on it. */
export const ENDPOINT_IN_FLIGHT_LIMIT = deliverSizing.endpointInFlight;
/** How soon a message held back by the in-flight limit comes back. */
const IN_FLIGHT_RETRY_SECONDS = 2;

const logger = loggerFor(process.env.POWERTOOLS_SERVICE_NAME || 'syndicate-deliver');

export function createDeliverHandler(deps: DeliverHandlerDependencies) {
  const log = deps.log ?? ((event: string, fields: Record<string, unknown>) => logger.warn(event, fields));
  const summarise = deps.summary ?? ((fields: InvocationSummary) => logger.info('deliver.invocation', { ...fields }));
  const clock = () => deps.clock().getTime();

  /** What the breaker learnt from one attempt, shared through the subscription so other containers and the stats route see it. */
  const learn = async (subscription: StoredSubscription, delivered: boolean, error?: string) => {
    const id = subscription.id;
    const change = deps.breakers?.record(id, delivered);
    if (change === 'opened') {
      const at = new Date(clock()).toISOString();
      const until = new Date(deps.breakers?.openUntil(id) ?? clock()).toISOString();
      await deps.subscriptions.setCircuit?.(id, { state: 'open', openedAt: at, until, lastError: error });
      await deps.notify?.({ kind: 'circuit.opened', subscriptionId: id, reason: 'repeated failures or timeouts: its messages are held back without attempts', lastError: error, at });
    } else if (delivered && (change === 'closed' || subscription.circuit)) {
      await deps.subscriptions.setCircuit?.(id, undefined);
      log('circuit.closed', { subscriptionId: id });
    }
  };

  /** Seconds to hold a message back without an attempt, or undefined to attempt it now. */
  const holdBack = async (subscriptionId: string): Promise<number | undefined> => {
    const admission = deps.breakers?.admit(subscriptionId) ?? { allowed: true };
    if (!admission.allowed) return admission.retryInSeconds;
    const shared = heldBySharedCircuit((await deps.subscriptions.get(subscriptionId))?.circuit, clock());
    if (shared > 0) return shared;
    if (deps.inFlight && !deps.inFlight.tryAcquire(subscriptionId)) return IN_FLIGHT_RETRY_SECONDS;
    return undefined;
  };

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const deliveries = deps.invocationDeliveries?.() ?? deps.deliveries;
    const failed: string[] = [];
    const outcomes: Record<string, number> = {};
    const count = (outcome: string) => void (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
    let slowest: InvocationSummary['slowest'];
    const decoded = event.Records.map((record) => {
      try {
        return { record, message: decodeMessage(record.body) };
      } catch (error) {
        logger.error('undecodable delivery message dropped', { messageId: record.messageId, error: String(error) });
        count('undecodable');
        return undefined;
      }
    });
    const retryLater = async (record: SQSRecord, seconds: number) => {
      await deps.control.retryLater(record.receiptHandle, seconds);
      failed.push(record.messageId);
    };
    try {
      // The batch's endpoints in one read; a failed read leaves each message to read its own.
      await deps.subscriptions.prefetch?.(decoded.flatMap((d) => (d ? [d.message.subscriptionId] : []))).catch(() => undefined);
      await Promise.all(
        decoded.map(async (d) => {
          if (!d) return;
          const { record, message } = d;
          const key = message.subscriptionId;
          // A held-back copy stands for the message it replaces: its first send, and whether it was ever received before.
          const origin = heldBackOrigin(record.messageAttributes);
          const context = {
            firstReceive: record.attributes?.ApproximateReceiveCount === '1' && !(origin?.mayHaveBeenAttempted ?? false),
            sentAt: origin?.sentAt ?? (Number(record.attributes?.SentTimestamp) || undefined),
          };
          let acquired = false;
          try {
            const held = await holdBack(key);
            if (held !== undefined) {
              count('held_back');
              // A fresh copy (its receive count starts over), then this one is deleted; if the copy cannot be sent, this one is hidden instead.
              const copied = deps.control.holdBack
                ? await deps.control.holdBack(message, held, { sentAt: context.sentAt, mayHaveBeenAttempted: !context.firstReceive }).then(() => true, () => false)
                : false;
              if (!copied) await retryLater(record, held).catch(() => failed.push(record.messageId));
              return;
            }
            acquired = true;
            let outcome: { delivered: boolean; error?: string | undefined } | undefined;
            const onAttempt = (subscriptionId: string, delivered: boolean, error?: string, durationMs?: number) => {
              deps.onAttempt?.(subscriptionId, delivered, error, durationMs);
              outcome = { delivered, error };
              if (durationMs !== undefined && durationMs > (slowest?.durationMs ?? -1)) slowest = { subscriptionId, durationMs };
            };
            const end = deliveries.begin?.();
            const step = await deliverOne(message, { ...deps, deliveries, log, onAttempt }, context).finally(end);
            const subscription = outcome && (await deps.subscriptions.get(key));
            if (outcome && subscription) await learn(subscription, outcome.delivered, outcome.error).catch((error: unknown) => logger.warn('circuit state not shared', { subscriptionId: key, error: String(error) }));
            const attempted = outcome as { delivered: boolean } | undefined;
            count(step.kind !== 'done' ? step.kind : step.reason === 'delivered' ? 'delivered' : attempted && !attempted.delivered ? 'disabled' : 'skipped');
            if (step.kind === 'retry') await retryLater(record, step.delaySeconds);
            else if (step.kind === 'dead_letter') {
              await deps.control.deadLetter(message, step.reason);
              log('webhook.dead_lettered', { subscriptionId: message.subscriptionId, webhookId: message.deliveryId, reason: step.reason });
            }
          } catch (error) {
            // The error itself, not its message: an unexpected one needs its stack (mapped by the logger).
            logger.error('delivery failed unexpectedly; SQS will retry it', { messageId: record.messageId, error: error as Error });
            count('error');
            failed.push(record.messageId);
          } finally {
            if (acquired) deps.inFlight?.release(key);
          }
        }),
      );
    } finally {
      deps.metrics?.flush();
      summarise({ messages: event.Records.length, outcomes, ...(slowest ? { slowest } : {}) });
    }
    return { batchItemFailures: [...new Set(failed)].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let composed: Promise<(event: SQSEvent) => Promise<SQSBatchResponse>> | undefined;

/** Fails the cold start (clear error) without the DLQ URL or the webhook secrets key, rather than failing the last attempt later. */
async function compose(): Promise<(event: SQSEvent) => Promise<SQSBatchResponse>> {
  requiredEnv(env.deliveriesDlqUrl);
  return containerHandler(await webhookAdapters());
}

/** What one container runs: its own subscription cache, breakers and in-flight counts over the shared adapters. */
export function containerHandler(a: WebhookAdapters): (event: SQSEvent) => Promise<SQSBatchResponse> {
  // Set by the stack; absent locally, where the notice goes to the log and the console.
  const alarmTopic = process.env[env.alarmTopicArn] || undefined;
  return createDeliverHandler({
    // Per container, for at most the stated bound (subscription-cache.ts): no subscription read per delivery.
    subscriptions: new CachedSubscriptions(a.subscriptions, DEFAULT_SUBSCRIPTION_CACHE_SECONDS),
    deliveries: a.deliveries,
    // Each invocation's attempt log entries in one BatchWriteItem (attempt-log-batch.ts).
    invocationDeliveries: () => withBatchedAttempts(a.deliveries),
    sender: a.sender,
    policy: a.retryPolicy,
    clock: () => new Date(),
    random: Math.random,
    control: a.queue,
    metrics: deliverMetrics(),
    breakers: new CircuitBreakers(),
    notify: operatorNotices({
      warn: (message, fields) => logger.warn(message, fields),
      webhookUrl: process.env[env.operatorWebhookUrl] || undefined,
      topic: alarmTopic ? publishToTopic(snsTopics(), alarmTopic) : undefined,
    }),
    inFlight: new InFlightLimit(ENDPOINT_IN_FLIGHT_LIMIT),
  });
}

export const handler = mappingThrownStacks(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  composed ??= compose().catch((error: unknown) => {
    composed = undefined;
    throw error;
  });
  return (await composed)(event);
});
