/**
 * A given-up stream batch published again (functions/publish/redrive-batch.ts), on DynamoDB Local and
 * s3rver with the real publish handler: the batch's own events come back under their original ids, and
 * an article changed since the batch ends at its current state in the feed index (the old record alone
 * would put back the entries of a tag the correction removed).
 */
import { describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../functions/core/article/events.ts';
import { eventKey } from '../../functions/core/webhooks/webhook-id.ts';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import { gaveUpBatchOf, redriveBatch, type GaveUpBatch } from '../../functions/publish/redrive-batch.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { useLocalServices } from '../support/services.ts';
import { articleWriter, latestImage } from './stream-events.ts';

const services = await useLocalServices('redrive-batch');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000/api' };
const write = articleWriter(services);
const batch: GaveUpBatch = { shardId: 'shardId-1', startSequenceNumber: '1', endSequenceNumber: '9', streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/s' };

describe('publishing a given-up stream batch again', () => {
  it('reads the batch info of an on-failure record and nothing else', () => {
    expect(gaveUpBatchOf(JSON.stringify({ requestContext: { condition: 'RetryAttemptsExhausted' }, DDBStreamBatchInfo: { ...batch, batchSize: 1 } }))).toEqual(batch);
    expect(gaveUpBatchOf(JSON.stringify({ kind: 'undelivered-event' }))).toBeUndefined();
    expect(gaveUpBatchOf('not json')).toBeUndefined();
  });

  it('publishes the batch with its own events, then brings an article corrected since to its current state', async () => {
    const handed: ArticleEvent[] = [];
    const deps = composePublish(env, async (events) => void handed.push(...events));
    const first = makeArticle({ id: 'redriven', tags: tagsFor(['syria', 'raqqa']), publishedAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z' });
    const gaveUp = await write(first); // the record the mapping gave up on: never published
    const corrected = await write({ ...first, version: 2, tags: tagsFor(['syria']), updatedAt: '2024-05-01T12:00:00.000Z' });
    expect((await handleStreamEvent(corrected, deps)).batchItemFailures).toEqual([]);
    handed.length = 0;

    const outcome = await redriveBatch(batch, {
      records: async () => gaveUp.Records,
      currentImage: () => latestImage(services.dynamoDb, services.tableName, 'redriven'),
      publish: (event) => handleStreamEvent(event, deps),
    });

    expect(outcome).toEqual({ published: true, records: 2 });
    // Its own event, and the correction's again (the same identity, so the same webhook-ids).
    expect(handed.map((e) => eventKey(e))).toEqual(['redriven|article.published|v1|2024-05-01T10:00:00.000Z', 'redriven|article.updated|v2|2024-05-01T12:00:00.000Z']);
    expect((await deps.source.latest('tag/syria', 10)).map((a) => `${a.id} v${a.version}`)).toEqual(['redriven v2']);
    expect(await deps.source.latest('tag/raqqa', 10)).toEqual([]);
  });

  it('leaves the batch for later when the stream no longer holds it or publish fails a record again', async () => {
    const event = await write(makeArticle({ id: 'still-failing', publishedAt: '2024-05-02T10:00:00.000Z', updatedAt: '2024-05-02T10:00:00.000Z' }));
    const current = () => latestImage(services.dynamoDb, services.tableName, 'still-failing');
    expect(await redriveBatch(batch, { records: async () => undefined, currentImage: current, publish: async () => ({ batchItemFailures: [] }) }))
      .toEqual({ published: false, reason: 'the stream no longer holds 1..9 of shardId-1' });
    const failing = async () => ({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber! }] });
    expect(await redriveBatch(batch, { records: async () => event.Records, currentImage: current, publish: failing }))
      .toEqual({ published: false, reason: 'publish failed 1 of its 1 record(s) again' });
  });
});
