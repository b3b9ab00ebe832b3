import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ResourceNotFoundException, TrimmedDataAccessException } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checkpoints } from '../../../infra/local/stream/checkpoints.ts';
import { articleLatestPattern } from '../../../infra/local/stream/filter.ts';
import { StreamPoller, type StreamPollerOptions } from '../../../infra/local/stream/poller.ts';
import { createTable } from '../../../infra/local/services.ts';
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

describe('the poller on a shard it met while still empty', () => {
  // DynamoDB Local numbers stream records with one counter for all its tables, and a new shard's
  // TRIM_HORIZON is the counter when it opened: whatever uses a number between then and the table's first
  // record (another test file's write in the full suite, a failed transaction on npm start's own table)
  // made the poller's first iterator answer TrimmedDataAccessException for ever, and it read nothing.
  let tables = 0;
  /** A new table whose (empty) shard the poller has already taken an iterator on; `seen` gets what it invokes with. */
  async function pollerOnAnEmptyShard(options: Partial<StreamPollerOptions> = {}) {
    const tableName = `${services.tableName}-empty-${++tables}`;
    await createTable(services.dynamoDb, tableName);
    const seen: DynamoDBRecord[] = [];
    const poller = new StreamPoller({ dynamoDb: services.dynamoDb, streams, tableName, filter: articleLatestPattern, invoke: async (event) => void seen.push(...event.Records), ...options });
    await poller.connect();
    expect(await poller.pollOnce()).toBe(0);
    const put = (pk: string) => services.documents.send(new PutCommand({ TableName: tableName, Item: { pk, sk: 'LATEST' } }));
    return { poller, seen, tableName, put };
  }

  it('reads the first record when another table was written to before it', async () => {
    const { poller, seen, put } = await pollerOnAnEmptyShard();
    await services.documents.send(new PutCommand({ TableName: services.tableName, Item: { pk: 'ELSEWHERE', sk: 'X' } }));
    await put('ARTICLE#first');
    await pollUntil(poller, () => seen.length >= 1);
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#first LATEST']);
  });

  it('reads the first record when a transaction on its own table failed before it', async () => {
    const { poller, seen, tableName, put } = await pollerOnAnEmptyShard();
    const refused = services.documents.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: { pk: 'ARTICLE#refused', sk: 'LATEST' } } },
        { Put: { TableName: tableName, Item: { pk: 'ARTICLE#refused', sk: 'V#1' }, ConditionExpression: 'attribute_exists(pk)' } },
      ],
    }));
    await expect(refused).rejects.toThrow(/cancel/i);
    await put('ARTICLE#first');
    await pollUntil(poller, () => seen.length >= 1);
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#first LATEST']);
  });

  it('goes on from the oldest record left, and says so, when the records after its checkpoint were really trimmed', async () => {
    // A real trim needs records older than 24 h, so the fault is injected: the next two reads answer
    // "trimmed" (the iterator it had, then one from the checkpoint), as a day-old checkpoint would.
    let trimmedAnswers = 0;
    const faulty = {
      send: async (command: Parameters<DynamoDBStreamsClient['send']>[0]) => {
        if (command instanceof GetRecordsCommand && trimmedAnswers > 0) {
          trimmedAnswers -= 1;
          throw new TrimmedDataAccessException({ message: 'The operation attempted to read past the oldest stream record in a shard.', $metadata: {} });
        }
        return streams.send(command as GetRecordsCommand);
      },
    } as DynamoDBStreamsClient;
    const errors: string[] = [];
    const { poller, seen, put } = await pollerOnAnEmptyShard({ streams: faulty, onError: (error) => void errors.push(String(error)) });
    await put('ARTICLE#before');
    await pollUntil(poller, () => seen.length >= 1);
    trimmedAnswers = 2;
    await put('ARTICLE#after');
    await pollUntil(poller, () => seen.some((r) => r.dynamodb?.Keys?.pk?.S === 'ARTICLE#after'));
    // Nothing was really trimmed, so the oldest record left is the first one: it comes again.
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#before LATEST', 'INSERT ARTICLE#before LATEST', 'INSERT ARTICLE#after LATEST']);
    expect(errors).toEqual([expect.stringMatching(/the records after \d+ were trimmed before they were read; going on from the oldest record left/)]);
  });

  it('reads the shards after one the stream has since deleted, and says once that the deleted one is gone', async () => {
    // DynamoDB Local deletes a shard a day after it closed, which a test cannot wait for: the stream's
    // description lists one such shard first, and asking for its iterator answers ResourceNotFoundException.
    const gone = 'shardId-00000000000000000000-gone';
    let askedForGone = 0;
    const faulty = {
      send: async (command: Parameters<DynamoDBStreamsClient['send']>[0]) => {
        if (command instanceof GetShardIteratorCommand && command.input.ShardId === gone) {
          askedForGone += 1;
          throw new ResourceNotFoundException({ message: 'Requested resource not found: Shard does not exist', $metadata: {} });
        }
        const answer = await streams.send(command as DescribeStreamCommand);
        if (command instanceof DescribeStreamCommand && !command.input.ExclusiveStartShardId) {
          const description = answer.StreamDescription!;
          return { ...answer, StreamDescription: { ...description, Shards: [{ ShardId: gone, SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '2' } }, ...(description.Shards ?? [])] } };
        }
        return answer;
      },
    } as DynamoDBStreamsClient;
    const errors: string[] = [];
    const tableName = `${services.tableName}-gone-shard`;
    await createTable(services.dynamoDb, tableName);
    const seen: DynamoDBRecord[] = [];
    const poller = new StreamPoller({ dynamoDb: services.dynamoDb, streams: faulty, tableName, filter: articleLatestPattern, invoke: async (event) => void seen.push(...event.Records), onError: (error) => void errors.push(String(error)) });
    await poller.connect();
    await services.documents.send(new PutCommand({ TableName: tableName, Item: { pk: 'ARTICLE#kept', sk: 'LATEST' } }));
    await pollUntil(poller, () => seen.length >= 1);
    await poller.pollOnce();
    expect(keysOf(seen)).toEqual(['INSERT ARTICLE#kept LATEST']);
    expect(askedForGone).toBe(1);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`stream shard ${gone}: gone from the stream`))]);
  });
});
