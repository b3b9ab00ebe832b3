/**
 * Stream records the local publish mapping gave up on: their description lands in the publish DLQ as
 * Lambda writes it (with the shard, so a redrive can read them back), and the operator is told at once,
 * with the command that redrives them, in the console and at the operator webhook (a real loopback server).
 */
import { describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { noticeSubject } from '../../../functions/adapters/notice-topic.ts';
import { operatorNotices } from '../../../functions/deliver/notices.ts';
import { publishGiveUp, redriveCommand } from '../../../infra/local/publish-give-up.ts';
import { localQueueDefinitions, localQueueNames } from '../../../infra/local/queues.ts';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { receiversClosedAfterEach } from '../../deliver/loopback-receiver.ts';

const receiver = receiversClosedAfterEach();
const record = (sequence: string): DynamoDBRecord => ({ eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/s', dynamodb: { SequenceNumber: sequence } });

describe('publish giving up on stream records locally', () => {
  it('parks their description in the publish DLQ and sends an operator notice to the console and the operator webhook', async () => {
    const sqs = new LocalSqs();
    sqs.define(localQueueDefinitions('give-up', [5]));
    const dlq = sqs.byName(localQueueNames('give-up').publishDlq);
    const operator = await receiver();
    const logged: Array<[string, Record<string, unknown>]> = [];
    const notify = operatorNotices({ warn: (m, f) => void logged.push([m, f]), webhookUrl: operator.url });
    const at = new Date('2026-12-01T15:00:00.000Z');

    await publishGiveUp({ dlq, notify, clock: () => at })([record('100'), record('102')], 'the function reported batch item failures (gave up after 5 retries)', 'shardId-0001');

    const [parked] = dlq.receive({ max: 10 });
    expect(JSON.parse(parked!.Body)).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: { shardId: 'shardId-0001', batchSize: 2, startSequenceNumber: '100', endSequenceNumber: '102', streamArn: record('1').eventSourceARN },
    });
    const notice = { kind: 'publish.gave_up', records: 2, firstSequenceNumber: '100', lastSequenceNumber: '102', deadLetterQueue: dlq.name, redrive: redriveCommand, at: at.toISOString() };
    expect(logged).toEqual([['operator.notice', expect.objectContaining(notice)]]);
    expect(operator.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([expect.objectContaining({ type: 'operator.publish.gave_up', ...notice })]);
    expect(noticeSubject({ ...notice, kind: 'publish.gave_up', reason: 'x' })).toBe('Publish gave up on 2 stream record(s)');
  });
});
