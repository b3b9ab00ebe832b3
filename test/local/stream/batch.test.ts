import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processStreamBatch, StreamStopping, type StreamBatchOptions } from '../../../infra/local/stream/batch.ts';
import { articleLatestPattern, matchesFilter } from '../../../infra/local/stream/filter.ts';

function record(sequence: number, pk = `ARTICLE#a${sequence}`, sk = 'LATEST'): DynamoDBRecord {
  return { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: String(sequence).padStart(21, '0') } };
}
const seq = (r: DynamoDBRecord) => r.dynamodb!.SequenceNumber!;

function options(discarded: Array<{ records: string[]; reason: string }>, overrides: Partial<StreamBatchOptions> = {}): StreamBatchOptions {
  return {
    filter: articleLatestPattern,
    retryAttempts: 2,
    bisectOnError: true,
    retryDelayMs: () => 0,
    onDiscard: (records, reason) => void discarded.push({ records: records.map(seq), reason }),
    ...overrides,
  };
}

describe('the publish function filter', () => {
  it('passes only the current state of articles', () => {
    expect(matchesFilter(articleLatestPattern, record(1))).toBe(true);
    expect(matchesFilter(articleLatestPattern, record(2, 'ARTICLE#x', 'V#000001'))).toBe(false);
    expect(matchesFilter(articleLatestPattern, record(3, 'FEED#all', 'LATEST'))).toBe(false);
    expect(matchesFilter(articleLatestPattern, { dynamodb: {} })).toBe(false);
  });
});

describe('processing one stream batch', () => {
  it('invokes once with the records that pass the filter, in order', async () => {
    const events: DynamoDBStreamEvent[] = [];
    const batch = [record(1), record(2, 'FEED#all', '2026#a'), record(3)];
    await processStreamBatch(batch, async (e) => void events.push(e), options([]));
    expect(events.map((e) => e.Records.map(seq))).toEqual([[seq(batch[0]!), seq(batch[2]!)]]);
  });

  it('does not invoke at all when nothing passes the filter', async () => {
    let calls = 0;
    await processStreamBatch([record(1, 'SUBSCRIPTION#s', 'PROFILE')], async () => void calls++, options([]));
    expect(calls).toBe(0);
  });

  it('retries from the earliest reported failure, leaving earlier records done', async () => {
    const seen: string[][] = [];
    const batch = [record(1), record(2), record(3)];
    let first = true;
    await processStreamBatch(
      batch,
      async (e): Promise<DynamoDBBatchResponse> => {
        seen.push(e.Records.map(seq));
        if (!first) return { batchItemFailures: [] };
        first = false;
        return { batchItemFailures: [{ itemIdentifier: seq(batch[2]!) }, { itemIdentifier: seq(batch[1]!) }] };
      },
      options([]),
    );
    expect(seen).toEqual([batch.map(seq), [seq(batch[1]!), seq(batch[2]!)]]);
  });

  it('bisects a batch whose invocation throws, so the good half gets through', async () => {
    const delivered: string[] = [];
    const discarded: Array<{ records: string[]; reason: string }> = [];
    const batch = [record(1), record(2), record(3), record(4)];
    const poison = seq(batch[3]!);
    await processStreamBatch(
      batch,
      async (e) => {
        if (e.Records.some((r) => seq(r) === poison)) throw new Error('cannot render');
        delivered.push(...e.Records.map(seq));
      },
      options(discarded, { retryAttempts: 3 }),
    );
    expect(delivered).toEqual(batch.slice(0, 3).map(seq));
    expect(discarded).toEqual([{ records: [poison], reason: expect.stringContaining('cannot render') }]);
  });

  it('hands records to the failure destination after the retry attempts run out', async () => {
    let calls = 0;
    const discarded: Array<{ records: string[]; reason: string }> = [];
    await processStreamBatch([record(1)], async () => {
      calls++;
      throw new Error('down');
    }, options(discarded, { retryAttempts: 2 }));
    expect(calls).toBe(3);
    expect(discarded[0]?.reason).toMatch(/down.*gave up after 2 retries/);
  });

  it('treats a failure naming a record outside the batch as a failure of the whole batch', async () => {
    const seen: number[] = [];
    await processStreamBatch([record(1), record(2)], async (e) => {
      seen.push(e.Records.length);
      return seen.length === 1 ? { batchItemFailures: [{ itemIdentifier: 'nonsense' }] } : undefined;
    }, options([]));
    expect(seen).toEqual([2, 2]);
  });

  it('neither retries nor gives up on a batch that fails while the runtime stops (its services went down with it)', async () => {
    const stopping = new AbortController();
    const discarded: Array<{ records: string[]; reason: string }> = [];
    let calls = 0;
    const run = processStreamBatch([record(1), record(2)], async () => {
      calls += 1;
      stopping.abort();
      throw new Error('connect ECONNREFUSED');
    }, options(discarded, { retryAttempts: 5, stopping: stopping.signal }));
    await expect(run).rejects.toBeInstanceOf(StreamStopping);
    expect(calls).toBe(1);
    expect(discarded).toEqual([]);
  });
});
