/**
 * Builds the webhook adapters once per container from the environment, for
 * the subscriptions, deliver and publish Lambdas and the redrive command.
 *
 * The SDK clients are built here only until functions/commons/clients.ts (the
 * storage helper's composition module) is on main; they read the same env
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS` for local services).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '#infra/definitions.ts';
import { DynamoDeliveryLog } from '#adapters/delivery-log.ts';
import { SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { createHttpSender, type HttpSender } from '#adapters/http-sender.ts';
import { secretCipherFromEnv } from '#adapters/secret-cipher.ts';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import type { AddressPolicy } from '#core/webhooks/address-policy.ts';
import { defaultRetryPolicy, parseRetrySchedule, type RetryPolicy } from '#core/webhooks/retry-policy.ts';

/** Not yet in infra/definitions.ts: the dead-letter queue's URL for the deliver Lambda and `syndicate redrive`. */
export const DELIVERIES_DLQ_URL = 'DELIVERIES_DLQ_URL';

export interface WebhookAdapters {
  subscriptions: DynamoSubscriptionRepository;
  deliveries: DynamoDeliveryLog;
  queue: SqsDeliveryQueue;
  sender: HttpSender;
  addressPolicy: AddressPolicy;
  retryPolicy: RetryPolicy;
  adminKey: string;
  sqs: SQSClient;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The admin key: from the environment locally, from Secrets Manager on AWS. */
async function loadAdminKey(): Promise<string> {
  const direct = process.env[env.adminKey];
  if (direct) return direct;
  const arn = required(env.adminKeySecretArn);
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('the admin key secret is empty');
  return SecretString;
}

export function policiesFromEnv(): { addressPolicy: AddressPolicy; retryPolicy: RetryPolicy } {
  return {
    addressPolicy: { allowLoopback: process.env[env.allowLoopbackWebhooks] === 'true' },
    retryPolicy: { ...defaultRetryPolicy, schedule: parseRetrySchedule(process.env[env.retrySchedule]) },
  };
}

let adapters: Promise<WebhookAdapters> | undefined;

export function webhookAdapters(): Promise<WebhookAdapters> {
  adapters ??= (async () => {
    const tableName = required(env.tableName);
    const adminKey = await loadAdminKey();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    const sqs = new SQSClient({});
    const { addressPolicy, retryPolicy } = policiesFromEnv();
    return {
      subscriptions: new DynamoSubscriptionRepository(db, tableName, secretCipherFromEnv(process.env, adminKey)),
      deliveries: new DynamoDeliveryLog(db, tableName),
      queue: new SqsDeliveryQueue(sqs, required(env.deliveriesQueueUrl), process.env[DELIVERIES_DLQ_URL]),
      sender: createHttpSender({ policy: addressPolicy }),
      addressPolicy,
      retryPolicy,
      adminKey,
      sqs,
    };
  })();
  return adapters;
}
