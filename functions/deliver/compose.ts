/**
 * Builds the webhook adapters once per container from the environment, for
 * the subscriptions and deliver Lambdas and the redrive command. SDK clients
 * come from #commons/clients.ts (one of each per container); names come from
 * infra/definitions.ts.
 */
import { DynamoDeliveryLog } from '#adapters/delivery-log.ts';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { createHttpSender, type HttpSender } from '#adapters/http-sender.ts';
import { secretCipherFromEnvironment } from '#adapters/secret-cipher.ts';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { readSecretString } from '#commons/clients/secret-values.ts';
import { sqsQueues } from '#commons/clients/sqs.ts';
import { requiredEnv, tableName } from '#commons/env.ts';
import type { AddressPolicy } from '#core/webhooks/address-policy.ts';
import { defaultRetryPolicy, parseRetrySchedule, type RetryPolicy } from '#core/webhooks/retry-policy.ts';
import { env } from '#infra/definitions.ts';

export interface WebhookAdapters {
  subscriptions: DynamoSubscriptionRepository;
  deliveries: DynamoDeliveryLog;
  /** Webhook bodies, once per event (replay reads them). */
  payloads: DynamoPayloadStore;
  queue: SqsDeliveryQueue;
  sender: HttpSender;
  addressPolicy: AddressPolicy;
  retryPolicy: RetryPolicy;
}

export function policiesFromEnv(): { addressPolicy: AddressPolicy; retryPolicy: RetryPolicy } {
  return {
    addressPolicy: { allowLoopback: process.env[env.allowLoopbackWebhooks] === 'true' },
    retryPolicy: { ...defaultRetryPolicy, schedule: parseRetrySchedule(process.env[env.retrySchedule]) },
  };
}

/** The delivery log alone: what redrive needs (no webhook secrets involved). */
export const deliveryLog = (): DynamoDeliveryLog => new DynamoDeliveryLog(documentClient(), tableName());

export const payloadStore = (): DynamoPayloadStore => new DynamoPayloadStore(documentClient(), tableName());

/** The deliveries queue; the DLQ URL is optional here, the deliver Lambda insists on it. */
export const deliveryQueue = (): SqsDeliveryQueue =>
  new SqsDeliveryQueue(sqsQueues(), requiredEnv(env.deliveriesQueueUrl), process.env[env.deliveriesDlqUrl] || undefined);

let adapters: Promise<WebhookAdapters> | undefined;

/** Everything the webhook Lambdas use. Refuses (rejects) without a webhook secrets key; a failure is retried on the next call. */
export function webhookAdapters(): Promise<WebhookAdapters> {
  adapters ??= build().catch((error: unknown) => {
    adapters = undefined;
    throw error;
  });
  return adapters;
}

async function build(): Promise<WebhookAdapters> {
  const cipher = await secretCipherFromEnvironment(readSecretString);
  const { addressPolicy, retryPolicy } = policiesFromEnv();
  return {
    subscriptions: new DynamoSubscriptionRepository(documentClient(), tableName(), cipher),
    deliveries: deliveryLog(),
    payloads: payloadStore(),
    queue: deliveryQueue(),
    sender: createHttpSender({ policy: addressPolicy }),
    addressPolicy,
    retryPolicy,
  };
}
