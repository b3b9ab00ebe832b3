/**
 * Wiring for delivery tests: the real DynamoDB adapters on DynamoDB Local
 * (the test file's own table: call `useLocalServices` first; the adapters use
 * the shared clients from #commons/clients.ts, as the Lambdas do), the real
 * HTTP sender, a controllable clock, and a loop that plays SQS's part (hand
 * the message back after each retry delay) until the message is done.
 */
import { randomBytes } from 'node:crypto';
import { createHttpSender } from '#adapters/http-sender.ts';
import { DynamoDeliveryLog } from '#adapters/delivery-log.ts';
import { SecretCipher } from '#adapters/secret-cipher.ts';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import { deliverOne, type DeliverDependencies, type DeliveryStep } from '../../functions/deliver/deliver-one.ts';
import { newSubscription, type Subscription, type SubscriptionRequest } from '#core/webhooks/subscription.ts';
import { defaultRetryPolicy, type RetryPolicy } from '#core/webhooks/retry-policy.ts';
import { secretFromBytes } from '#core/webhooks/signer.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';

export interface Harness extends DeliverDependencies {
  subscriptions: DynamoSubscriptionRepository;
  deliveries: DynamoDeliveryLog;
  advance(seconds: number): void;
  /** Creates a subscription with a fresh secret; returns both. */
  subscribe(input: SubscriptionRequest): Promise<{ subscription: Subscription; secret: string }>;
  /** Plays the queue: runs the message until it is done or dead-lettered, advancing the clock by each delay. */
  drain(message: DeliveryMessage, maxSteps?: number): Promise<DeliveryStep[]>;
}

let counter = 0;

export function harness(options: { policy?: Partial<RetryPolicy>; start?: Date; timeoutMs?: number } = {}): Harness {
  let now = (options.start ?? new Date()).getTime();
  const cipher = SecretCipher.fromKey(randomBytes(32));
  const subscriptions = new DynamoSubscriptionRepository(documentClient(), tableName(), cipher);
  const deliveries = new DynamoDeliveryLog(documentClient(), tableName());
  const deps: DeliverDependencies = {
    subscriptions,
    deliveries,
    sender: createHttpSender({ policy: { allowLoopback: true }, timeoutMs: options.timeoutMs ?? 2000 }),
    policy: { ...defaultRetryPolicy, ...options.policy },
    clock: () => new Date(now),
    random: () => 0,
  };
  return {
    ...deps,
    subscriptions,
    deliveries,
    advance: (seconds) => {
      now += seconds * 1000;
    },
    async subscribe(input) {
      const id = `sub_${process.pid}_${++counter}`;
      const subscription = newSubscription(input, id, new Date(now), { allowLoopback: true });
      const secret = secretFromBytes(randomBytes(32));
      await subscriptions.create(subscription, secret);
      return { subscription, secret };
    },
    async drain(message, maxSteps = 50) {
      const steps: DeliveryStep[] = [];
      for (let i = 0; i < maxSteps; i++) {
        const step = await deliverOne(message, deps);
        steps.push(step);
        if (step.kind !== 'retry') return steps;
        now += step.delaySeconds * 1000;
      }
      return steps;
    },
  };
}
