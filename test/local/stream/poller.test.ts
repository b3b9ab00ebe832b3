import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checkpoints } from '../../../infra/local/stream/checkpoints.ts';
import { articleLatestPattern } from '../../../infra/local/stream/filter.ts';
import { StreamPoller, type StreamPollerOptions } from '../../../infra/local/stream/poller.ts';
import { useLocalServices, type TestServices } from '../../support/services.ts';

let services: TestServices;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  services = await useLocalServices('stream-poller');
  streams = new DynamoDBStreamsClient({ endpoint: services.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(() => streams.destroy());

/** Polls until `done` says so; the stream is real, so records show up when DynamoDB Local has them. */
async function pollUntil(poller: StreamPoller, done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) {
    await poller.pollOnce();
    if (!done()) await new Promise((r) => setTimeout(r, 50));
  }
}

const keysOf = (records: DynamoDBRecord[]) => records.map((r) => `${r.eventName} ${r.dynamodb?.Keys?.pk?.S} ${r.dynamodb?.Keys?.sk?.S}`);

describe('the DynamoDB stream poller against DynamoDB Local', () => {
  const checkpointFile = join(mkdtempSync(join(tmpdir(), 'stream-checkpoints-')), 'checkpoints.json');
  const put = (pk: string, sk: string, extra: Record<string, unknown> = {}) =>
    services.documents.send(new PutCommand({ TableName: services.tableName, Item: { pk, sk, ...extra } }));
  /** A poller on the test table, with the publish filter and this suite's checkpoint file. */
  const pollerWith = (options: Pick<StreamPollerOptions, 'invoke' | 'retryDelayMs'>) =>
    new StreamPoller({
      dynamoDb: services.dynamoDb,
      streams,
      tableName: services.tableName,
      filter: articleLatestPattern,
      checkpoints: new Checkpoints(checkpointFile),
      ...options,
    });

  it('invokes the handler with Lambda-shaped records of article LATEST items only, old and new images included', async () => {
    const seen: DynamoDBRecord[] = [];
    const poller = pollerWith({ invoke: async (event) => void seen.push(...event.Records) });
    await poller.connect();
    try {
      await put('ARTICLE#one', 'LATEST', { version: 1 });
      await put('ARTICLE#one', 'V#000001', { version: 1 });
      await put('FEED#all', '2026-01-01T00:00:00.000Z#one');
      await services.documents.send(
        new UpdateCommand({ TableName: services.tableName, Key: { pk: 'ARTICLE#one', sk: 'LATEST' }, UpdateExpression: 'SET version = :v', ExpressionAttributeValues: { ':v': 2 } }),
      );
      await pollUntil(poller, () => seen.length >= 2);
    } finally {
      await poller.stop();
    }
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#one LATEST', 'MODIFY ARTICLE#one LATEST']);
    const modify = seen[1]!;
    expect(modify).toMatchObject({ eventSource: 'aws:dynamodb', eventSourceARN: expect.stringContaining(services.tableName) });
    expect(modify.dynamodb?.OldImage?.version).toEqual({ N: '1' });
    expect(modify.dynamodb?.NewImage?.version).toEqual({ N: '2' });
    expect(typeof modify.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('resumes after its checkpoint when started again, without replaying what was processed', async () => {
    const seen: DynamoDBRecord[] = [];
    await put('ARTICLE#two', 'LATEST', { version: 1 });
    const poller = pollerWith({ invoke: async (event) => void seen.push(...event.Records) });
    await poller.connect();
    try {
      await pollUntil(poller, () => seen.length >= 1);
      await poller.pollOnce();
    } finally {
      await poller.stop();
    }
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#two LATEST']);
  });

  it('retries a record the handler reports as failed, and moves on once it succeeds', async () => {
    const attempts = new Map<string, number>();
    await put('ARTICLE#three', 'LATEST');
    await put('ARTICLE#four', 'LATEST');
    const poller = pollerWith({
      retryDelayMs: () => 0,
      invoke: async (event): Promise<DynamoDBBatchResponse> => {
        const failures = [];
        for (const r of event.Records) {
          const pk = r.dynamodb!.Keys!.pk!.S!;
          attempts.set(pk, (attempts.get(pk) ?? 0) + 1);
          if (pk === 'ARTICLE#three' && attempts.get(pk) === 1) failures.push({ itemIdentifier: r.dynamodb!.SequenceNumber! });
        }
        return { batchItemFailures: failures };
      },
    });
    await poller.connect();
    try {
      await pollUntil(poller, () => (attempts.get('ARTICLE#four') ?? 0) >= 2);
    } finally {
      await poller.stop();
    }
    expect(Object.fromEntries(attempts)).toEqual({ 'ARTICLE#three': 2, 'ARTICLE#four': 2 });
  });
});
