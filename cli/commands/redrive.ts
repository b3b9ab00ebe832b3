/**
 * `syndicate redrive [--max N]`: moves dead-lettered webhook deliveries back
 * to the deliveries queue with a fresh retry schedule and the same webhook-id.
 * Reads TABLE_NAME, DELIVERIES_QUEUE_URL and DELIVERIES_DLQ_URL from the
 * environment (and the SDK's endpoint variables, to reach the local runtime).
 * `syndicate redrive --events` instead fans out again the article events the
 * publish function parked in PUBLISH_DLQ_URL.
 */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { decodeMessage } from '#adapters/delivery-queue.ts';
import { sqsClient } from '#commons/clients/sqs.ts';
import { env } from '#infra/definitions.ts';
import { deliveryLog, deliveryQueue, payloadStore } from '../../functions/deliver/compose.ts';
import { redrive, type DeadLetterSource } from '../../functions/deliver/redrive.ts';
import { redriveEvents, type ParkedEvents } from '../../functions/deliver/redrive-events.ts';
import { deadLetteredEventOf } from '#adapters/event-dead-letters.ts';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from '#adapters/secret-cipher.ts';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';

export const summary = 'move dead-lettered webhook deliveries back to the queue (same webhook-id, fresh retries)';

export async function run(argv: string[]): Promise<number> {
  const maxIndex = argv.indexOf('--max');
  const max = maxIndex >= 0 ? Number(argv[maxIndex + 1]) : Number.POSITIVE_INFINITY;
  if (maxIndex >= 0 && !(Number.isInteger(max) && max > 0)) {
    process.stderr.write('redrive: --max takes a positive whole number\n');
    return 2;
  }
  if (argv.includes('--events')) return redriveParkedEvents(max);
  const dlqUrl = process.env[env.deliveriesDlqUrl];
  if (!dlqUrl) {
    process.stderr.write(`redrive: ${env.deliveriesDlqUrl} is not set\n`);
    return 2;
  }
  const sqs = sqsClient();
  const deadLetters: DeadLetterSource = {
    async receive(count) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: count, WaitTimeSeconds: 1 }));
      return (Messages ?? []).map((m) => ({ message: decodeMessage(m.Body ?? ''), receipt: m.ReceiptHandle ?? '' }));
    },
    async remove(receipt) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: receipt }));
    },
  };
  const moved = await redrive({ deadLetters, deliveries: deliveryLog(), queue: deliveryQueue(), clock: () => new Date() }, max);
  process.stdout.write(`redrive: ${moved} deliveries moved back to the queue\n`);
  return 0;
}

async function redriveParkedEvents(max: number): Promise<number> {
  const dlqUrl = process.env[env.publishDlqUrl];
  if (!dlqUrl) {
    process.stderr.write(`redrive: ${env.publishDlqUrl} is not set\n`);
    return 2;
  }
  const sqs = sqsClient();
  const parked: ParkedEvents = {
    async receive(count) {
      // Hidden for a minute: a message left in place is not seen twice in one run.
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: count, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
      return (Messages ?? []).map((m) => ({ event: deadLetteredEventOf(m.Body ?? ''), receipt: m.ReceiptHandle ?? '' }));
    },
    async remove(receipt) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: receipt }));
    },
  };
  // Fan-out reads only the subscription index, never a secret: a throwaway key, as the publish function holds.
  const subscriptions = new DynamoSubscriptionRepository(documentClient(), tableName(), SecretCipher.fromKey(randomBytes(32), 'redrive-holds-no-secrets'));
  const { moved, leftInPlace } = await redriveEvents({ parked, subscriptions, queue: deliveryQueue(), payloads: payloadStore() }, max);
  process.stdout.write(`redrive: ${moved} article events fanned out again; ${leftInPlace} message(s) left in the publish DLQ\n`);
  return 0;
}
