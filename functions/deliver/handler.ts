/**
 * The deliver Lambda: SQS batch in, one attempt per message, partial batch
 * failures out (`ReportBatchItemFailures`).
 *
 * 1. Decode each message (an undecodable one is logged as an error and dropped: retrying cannot fix it).
 * 2. Isolation: an endpoint whose circuit is open, or that already has its
 *    share of deliveries in flight in this container, gets its message back
 *    later without an attempt, so a hanging or failing partner holds no slot
 *    that a healthy one could use.
 * 3. Deliver it (deliver-one.ts), counting the attempt in the metrics and the breaker.
 * 4. Retry → set the message's visibility to the backoff and report it failed,
 *    so SQS hands it back then; dead letter → move it to the DLQ; done → let SQS delete it.
 * 5. Flush the batch's metrics.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { decodeMessage, type DeliveryQueueControl } from '#adapters/delivery-queue.ts';
import { requiredEnv } from '#commons/env.ts';
import { loggerFor } from '#commons/observability.ts';
import { deliverSizing, env } from '#infra/definitions.ts';
import { deliverOne, type DeliverDependencies } from './deliver-one.ts';
import { webhookAdapters } from './compose.ts';
import { deliverMetrics } from './metrics.ts';
import { operatorNotices } from './notices.ts';
import { CircuitBreakers, InFlightLimit } from '#core/webhooks/circuit-breaker.ts';
import { CachedSubscriptions, DEFAULT_SUBSCRIPTION_CACHE_SECONDS } from './subscription-cache.ts';

export type DeliverHandlerDependencies = DeliverDependencies & {
  control: DeliveryQueueControl;
  /** Per container; without them every message is attempted. */
  breakers?: CircuitBreakers;
  inFlight?: InFlightLimit;
};

/** Deliveries one endpoint may have in flight in one container (a batch holds ten); the stack's concurrency is sized on it. */
export const ENDPOINT_IN_FLIGHT_LIMIT = deliverSizing.endpointInFlight;
/** How soon a message held back by the in-flight limit comes back. */
const IN_FLIGHT_RETRY_SECONDS = 2;

const logger = loggerFor(process.env.POWERTOOLS_SERVICE_NAME || 'syndicate-deliver');

export function createDeliverHandler(deps: DeliverHandlerDependencies) {
  const log = deps.log ?? ((event: string, fields: Record<string, unknown>) => logger.info(event, fields));
  const onAttempt = (subscriptionId: string, delivered: boolean, error?: string) => {
    deps.onAttempt?.(subscriptionId, delivered, error);
    const change = deps.breakers?.record(subscriptionId, delivered);
    if (change === 'opened') {
      void deps.notify?.({
        kind: 'circuit.opened', subscriptionId, reason: 'repeated failures or timeouts: its messages are held back without attempts',
        lastError: error, at: new Date().toISOString(),
      });
    }
    if (change === 'closed') log('circuit.closed', { subscriptionId });
  };
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed: string[] = [];
    try {
      await Promise.all(
        event.Records.map(async (record) => {
          let message;
          try {
            message = decodeMessage(record.body);
          } catch (error) {
            logger.error('undecodable delivery message dropped', { messageId: record.messageId, error: String(error) });
            return;
          }
          const key = message.subscriptionId;
          const admission = deps.breakers?.admit(key) ?? { allowed: true };
          const held = !admission.allowed ? admission.retryInSeconds : deps.inFlight && !deps.inFlight.tryAcquire(key) ? IN_FLIGHT_RETRY_SECONDS : undefined;
          if (held !== undefined) {
            await deps.control.retryLater(record.receiptHandle, held).catch(() => undefined);
            failed.push(record.messageId);
            return;
          }
          try {
            const step = await deliverOne(message, { ...deps, log, onAttempt });
            if (step.kind === 'retry') {
              await deps.control.retryLater(record.receiptHandle, step.delaySeconds);
              failed.push(record.messageId);
            } else if (step.kind === 'dead_letter') {
              await deps.control.deadLetter(message, step.reason);
              log('webhook.dead_lettered', { subscriptionId: message.subscriptionId, webhookId: message.deliveryId, reason: step.reason });
            }
          } catch (error) {
            logger.error('delivery failed unexpectedly; SQS will retry it', { messageId: record.messageId, error: String(error) });
            failed.push(record.messageId);
          } finally {
            if (admission.allowed) deps.inFlight?.release(key);
          }
        }),
      );
    } finally {
      deps.metrics?.flush();
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let composed: Promise<(event: SQSEvent) => Promise<SQSBatchResponse>> | undefined;

/** Fails the cold start (clear error) without the DLQ URL or the webhook secrets key, rather than failing the last attempt later. */
async function compose(): Promise<(event: SQSEvent) => Promise<SQSBatchResponse>> {
  requiredEnv(env.deliveriesDlqUrl);
  const a = await webhookAdapters();
  return createDeliverHandler({
    // Per container, for at most the stated bound (subscription-cache.ts): no subscription read per delivery.
    subscriptions: new CachedSubscriptions(a.subscriptions, DEFAULT_SUBSCRIPTION_CACHE_SECONDS),
    deliveries: a.deliveries,
    sender: a.sender,
    policy: a.retryPolicy,
    clock: () => new Date(),
    random: Math.random,
    control: a.queue,
    metrics: deliverMetrics(),
    breakers: new CircuitBreakers(),
    notify: operatorNotices({ warn: (message, fields) => logger.warn(message, fields), webhookUrl: process.env[env.operatorWebhookUrl] || undefined }),
    inFlight: new InFlightLimit(ENDPOINT_IN_FLIGHT_LIMIT),
  });
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  composed ??= compose().catch((error: unknown) => {
    composed = undefined;
    throw error;
  });
  return (await composed)(event);
}
