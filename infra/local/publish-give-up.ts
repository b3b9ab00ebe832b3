/**
 * The local runtime's on-failure destination for the publish stream mapping: what happens to stream
 * records publish gave up on after every retry.
 *
 * 1. Their description goes to the publish DLQ as Lambda writes it (condition, function, batch info:
 *    shard, first and last sequence numbers, stream ARN), so `syndicate redrive --events` reads the
 *    records back from the stream and publishes them again, as it does on AWS (functions/publish/redrive-batch.ts).
 * 2. The operator hears of it at once: an operator notice (functions/deliver/notices.ts) to the console
 *    and, when OPERATOR_WEBHOOK_URL is set, to the operator's webhook, naming the command that redrives them.
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

/** What the notice tells the operator to run (README, "Run it locally"). */
export const redriveCommand = 'eval "$(npx syndicate invoke --env)" && npx syndicate redrive --events';

export function publishGiveUp(options: PublishGiveUpOptions): (records: DynamoDBRecord[], reason: string, shardId?: string) => Promise<void> {
  return async (records, reason, shardId) => {
    const first = records[0]?.dynamodb?.SequenceNumber;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    options.dlq.send(JSON.stringify({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:publish` },
      DDBStreamBatchInfo: { shardId, batchSize: records.length, startSequenceNumber: first, endSequenceNumber: last, streamArn: records[0]?.eventSourceARN },
      reason,
    }));
    await options.notify({
      kind: 'publish.gave_up',
      records: records.length,
      firstSequenceNumber: first,
      lastSequenceNumber: last,
      reason,
      deadLetterQueue: options.dlq.name,
      redrive: redriveCommand,
      at: (options.clock?.() ?? new Date()).toISOString(),
    });
  };
}
