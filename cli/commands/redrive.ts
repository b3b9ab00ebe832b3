/**
 * `syndicate redrive [--max N]`: moves dead-lettered webhook deliveries back
 * to the deliveries queue with a fresh retry schedule and the same webhook-id.
 * Reads TABLE_NAME, DELIVERIES_QUEUE_URL and DELIVERIES_DLQ_URL from the
 * environment (and the SDK's endpoint variables, to reach the local runtime).
 * `syndicate redrive --events` instead empties PUBLISH_DLQ_URL: article events
 * the publish function parked there are fanned out again, and stream batches the
 * publish mapping gave up on are read back from the stream and published again
 * whole (feed entries, feeds, pages, events under their original webhook-ids),
 * in this process, with the publish function's environment (on AWS: export the
 * function's variables first, README "Operating it").
 */
import { decodeMessage } from '#adapters/delivery-queue.ts';
import { sqsQueues } from '#commons/clients/sqs.ts';
import { env } from '#infra/definitions.ts';
import { deliveryLog, deliveryQueue, payloadStore } from '../../functions/deliver/compose.ts';
import { redrive, type DeadLetterSource } from '../../functions/deliver/redrive.ts';
import { redriveEvents, type ParkedEvents, type Republish } from '../../functions/deliver/redrive-events.ts';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { gaveUpBatchOf, redriveBatch } from '../../functions/publish/redrive-batch.ts';
import { streamImageOf } from '../../infra/local/stream/records.ts';
import { readStreamRange } from '../stream-range.ts';
import { deadLetteredEventOf } from '#adapters/event-dead-letters.ts';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from '#adapters/secret-cipher.ts';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';

export const summary = 'move dead-lettered webhook deliveries back to the queue (same webhook-id, fresh retries); --events: publish again what the publish DLQ holds';

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
  const sqs = sqsQueues();
  const deadLetters: DeadLetterSource = {
    async receive(count) {
      const messages = await sqs.receiveMessage({ QueueUrl: dlqUrl, MaxNumberOfMessages: count, WaitTimeSeconds: 1 });
      return messages.map((m) => ({ message: decodeMessage(m.Body), receipt: m.ReceiptHandle }));
    },
    async remove(receipt) {
      await sqs.deleteMessage({ QueueUrl: dlqUrl, ReceiptHandle: receipt });
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
  const sqs = sqsQueues();
  const parked: ParkedEvents = {
    async receive(count) {
      // Hidden for a minute: a message left in place is not seen twice in one run.
      const messages = await sqs.receiveMessage({ QueueUrl: dlqUrl, MaxNumberOfMessages: count, WaitTimeSeconds: 1, VisibilityTimeout: 60 });
      return messages.map((m) => ({ event: deadLetteredEventOf(m.Body), body: m.Body, receipt: m.ReceiptHandle }));
    },
    async remove(receipt) {
      await sqs.deleteMessage({ QueueUrl: dlqUrl, ReceiptHandle: receipt });
    },
  };
  // Fan-out reads only the subscription index, never a secret: a throwaway key, as the publish function holds.
  const subscriptions = new DynamoSubscriptionRepository(documentClient(), tableName(), SecretCipher.fromKey(randomBytes(32), 'redrive-holds-no-secrets'));
  const { moved, republished, leftInPlace } = await redriveEvents({ parked, subscriptions, queue: deliveryQueue(), payloads: payloadStore(), republish: republishGaveUp() }, max);
  process.stdout.write(`redrive: ${moved} article events fanned out again; ${republished} stream batch(es) published again; ${leftInPlace} message(s) left in the publish DLQ\n`);
  return 0;
}

/** A stream batch the publish mapping gave up on, published again by the publish handler's own code (redrive-batch.ts). */
function republishGaveUp(): Republish {
  let publish: ((event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) | undefined;
  const streams = new DynamoDBStreamsClient({});
  // The SDK's own client (the CLI is no Lambda): it answers in the AttributeValue form stream images have.
  const dynamoDb = new DynamoDBClient({});
  return async (body) => {
    const batch = gaveUpBatchOf(body);
    if (!batch) return undefined;
    if (!publish) {
      // Loaded only when there is a batch to publish: the handler's module builds its logger and metrics at import.
      const { composePublish, handleStreamEvent } = await import('../../functions/publish/handler.ts');
      const deps = composePublish(process.env);
      publish = (event) => handleStreamEvent(event, deps);
    }
    const outcome = await redriveBatch(batch, {
      records: (range) => readStreamRange(streams, range),
      currentImage: async (keys) => {
        const { Item } = await dynamoDb.send(new GetItemCommand({ TableName: tableName(), Key: keys as never, ConsistentRead: true }));
        return Item ? streamImageOf(Item) : undefined;
      },
      publish,
    });
    if (!outcome.published) process.stderr.write(`redrive: stream batch ${batch.startSequenceNumber}..${batch.endSequenceNumber} left in the publish DLQ: ${outcome.reason}\n`);
    return outcome.published;
  };
}
