/**
 * The local runtime's on-failure destination for the publish stream mapping: what happens to stream
 * records publish gave up on after every retry.
 *
 * 1. Their description goes to the publish DLQ as Lambda writes it (condition, function, batch info:
 *    shard sequence numbers, stream ARN), so `syndicate redrive` finds them as it would on AWS.
 * 2. The operator hears of it at once: an operator notice (functions/deliver/notices.ts) to the console
 *    and, when OPERATOR_WEBHOOK_URL is set, to the operator's webhook; not only a DLQ to look into.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { NoticeSink } from '../../functions/deliver/notices.ts';
import { localAccountId, localRegion } from './sqs/broker.ts';
import type { LocalQueue } from './sqs/queue.ts';

export interface PublishGiveUpOptions {
  dlq: LocalQueue;
  notify: NoticeSink;
  clock?: () => Date;
}

export function publishGiveUp(options: PublishGiveUpOptions): (records: DynamoDBRecord[], reason: string) => Promise<void> {
  return async (records, reason) => {
    const first = records[0]?.dynamodb?.SequenceNumber;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    options.dlq.send(JSON.stringify({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:publish` },
      DDBStreamBatchInfo: { batchSize: records.length, startSequenceNumber: first, endSequenceNumber: last, streamArn: records[0]?.eventSourceARN },
      reason,
    }));
    await options.notify({
      kind: 'publish.gave_up',
      records: records.length,
      firstSequenceNumber: first,
      lastSequenceNumber: last,
      reason,
      deadLetterQueue: options.dlq.name,
      at: (options.clock?.() ?? new Date()).toISOString(),
    });
  };
}
