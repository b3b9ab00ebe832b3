/**
 * Polls a table's DynamoDB stream as Lambda's event source mapping does:
 * DescribeStream to find shards (parents before children), GetShardIterator
 * (TRIM_HORIZON the first time, AFTER_SEQUENCE_NUMBER from the checkpoint
 * after), GetRecords in batches, and hands each batch to processStreamBatch.
 * The checkpoint moves only after a batch is settled, so a crash replays
 * rather than loses records.
 *
 * Like the mapping's `MaximumBatchingWindowInSeconds`, a shard that has
 * records keeps gathering for `batchingWindowMs` (or until `batchSize`) before
 * the handler is invoked, so a burst of articles is published in one batch and
 * each feed it touches is rendered once instead of once per article.
 *
 * A shard whose iterator answers TrimmedDataAccessException gets a fresh one, first from the checkpoint
 * and, if that is trimmed too, from the oldest record left (iteratorFor tells why).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  ResourceNotFoundException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { processStreamBatch, type StreamBatchOptions, type StreamInvoke } from './batch.ts';
import { Checkpoints } from './checkpoints.ts';
import type { FilterPattern } from './filter.ts';
import { lambdaRecordOf } from './records.ts';

export interface StreamPollerOptions extends Partial<Omit<StreamBatchOptions, 'filter'>> {
  dynamoDb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  invoke: StreamInvoke;
  filter?: FilterPattern;
  batchSize?: number;
  /** Lambda polls each shard about four times a second. */
  pollIntervalMs?: number;
  /** How long a shard with records gathers more before invoking (`publishStream.maxBatchingWindowSeconds`); 0: at once. */
  batchingWindowMs?: number;
  /** How often to look for new shards. */
  shardRefreshMs?: number;
  checkpoints?: Checkpoints;
  onError?: (error: unknown) => void;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  closed: boolean;
  /** TrimmedDataAccessException answers since the shard last answered records or an empty page. */
  trimmed: number;
}

export class StreamPoller {
  private readonly shards = new Map<string, ShardState>();
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;
  private streamArn?: string;
  private lastRefresh = 0;
  private readonly checkpoints: Checkpoints;
  private readonly batchOptions: StreamBatchOptions;
  /** True once the stream is found and every shard has an iterator. */
  ready = false;

  constructor(private readonly options: StreamPollerOptions) {
    this.checkpoints = options.checkpoints ?? new Checkpoints();
    this.batchOptions = {
      ...(options.filter ? { filter: options.filter } : {}),
      retryAttempts: options.retryAttempts ?? 5,
      bisectOnError: options.bisectOnError ?? true,
      retryDelayMs: options.retryDelayMs ?? ((attempt) => Math.min(200 * 2 ** attempt, 5000)),
      onDiscard: options.onDiscard ?? (() => undefined),
      stopping: this.stopping.signal,
    };
  }

  /** Finds the stream and its shards; start() does this, tests call it to drive pollOnce() by hand. */
  async connect(): Promise<void> {
    await this.refreshShards(true);
    this.ready = true;
  }

  async start(): Promise<void> {
    await this.connect();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.ready = false;
  }

  /** One pass over every open shard; returns how many records it read. Exposed for tests. */
  async pollOnce(): Promise<number> {
    await this.refreshShards(false);
    let read = 0;
    for (const state of this.shards.values()) {
      if (state.closed || !this.parentDone(state.shard)) continue;
      try {
        read += await this.pollShard(state);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        // DynamoDB Local deletes a shard about a day after it closed (a data folder left stopped): its records
        // are gone with it, and failing the pass on it would leave every shard after it unread for ever.
        state.closed = true;
        this.options.onError?.(new Error(`stream shard ${state.shard.ShardId}: gone from the stream (${error.message}); its unread records, if any, expired with it`));
      }
    }
    return read;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        if ((await this.pollOnce()) > 0) continue;
      } catch (error) {
        if (!this.stopping.signal.aborted) this.options.onError?.(error);
      }
      await this.pause(this.interval);
    }
  }

  private get interval(): number {
    return this.options.pollIntervalMs ?? 250;
  }

  /** Waits `ms`, or less when the poller stops. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const signal = this.stopping.signal;
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private parentDone(shard: Shard): boolean {
    const parent = shard.ParentShardId ? this.shards.get(shard.ParentShardId) : undefined;
    return !parent || parent.closed;
  }

  private async refreshShards(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastRefresh < (this.options.shardRefreshMs ?? 1000)) return;
    this.lastRefresh = now;
    this.streamArn ??= await this.findStreamArn();
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (!this.shards.has(shard.ShardId!)) this.shards.set(shard.ShardId!, { shard, closed: false, trimmed: 0 });
      }
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  private async findStreamArn(): Promise<string> {
    const table = await this.options.dynamoDb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${this.options.tableName} has no stream: the publish function would never run`);
    return arn;
  }

  /**
   * From the checkpoint, else from the oldest record. After TrimmedDataAccessException:
   * - With no checkpoint, a fresh TRIM_HORIZON: nothing was trimmed. DynamoDB Local numbers stream records
   *   with one counter for all its tables (a table created, a write elsewhere, a failed transaction each
   *   use a number), and a TRIM_HORIZON iterator taken on a shard still empty points at the counter when
   *   the shard opened. The poller takes one at start, on a new table or the child of a rolled-over shard;
   *   once the table's first record has a later number, that iterator answers "trimmed" for ever, while a
   *   fresh one starts at the record.
   * - With a checkpoint, the checkpoint again; answered "trimmed" a second time, the records after it are
   *   really gone (older than the stream's 24 h: a data dir left stopped a day), so go on from the oldest
   *   record left, as Lambda does, and say so.
   */
  private async iteratorFor(state: ShardState): Promise<string | undefined> {
    const shardId = state.shard.ShardId!;
    let after = this.checkpoints.get(shardId);
    if (after && state.trimmed >= 2) {
      this.options.onError?.(new Error(`stream shard ${shardId}: the records after ${after} were trimmed before they were read; going on from the oldest record left`));
      after = undefined;
    }
    const result = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return result.ShardIterator;
  }

  private async pollShard(state: ShardState): Promise<number> {
    const shardId = state.shard.ShardId!;
    state.iterator ??= await this.iteratorFor(state);
    if (!state.iterator) {
      state.closed = true;
      return 0;
    }
    const batchSize = this.options.batchSize ?? 100;
    const records = await this.read(state, batchSize);
    if (records === undefined) return 0;
    if (records.length > 0) {
      // The window opens with the first record, as on Lambda; it never holds a full batch back.
      const closesAt = Date.now() + (this.options.batchingWindowMs ?? 0);
      let expired = false;
      while (records.length < batchSize && state.iterator && !this.stopping.signal.aborted && Date.now() < closesAt) {
        await this.pause(Math.min(this.interval, closesAt - Date.now()));
        const more = await this.read(state, batchSize - records.length);
        expired = more === undefined;
        records.push(...(more ?? []));
        if (expired) break;
      }
      // The on-failure record names the shard, as Lambda's does: a redrive reads the records back from it.
      const onDiscard = (given: Parameters<StreamBatchOptions['onDiscard']>[0], reason: string) => this.batchOptions.onDiscard(given, reason, shardId);
      await processStreamBatch(records, this.options.invoke, { ...this.batchOptions, onDiscard });
      this.checkpoints.set(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
      if (expired) return records.length;
    }
    if (!state.iterator) state.closed = true;
    return records.length;
  }

  /** One GetRecords on the shard, moving its iterator on; undefined when the iterator is spent (expired or trimmed: fetched again, see iteratorFor). */
  private async read(state: ShardState, limit: number) {
    let page;
    try {
      page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: limit }));
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException)) throw error;
      if (error instanceof TrimmedDataAccessException) state.trimmed += 1;
      state.iterator = undefined;
      return undefined;
    }
    state.trimmed = 0;
    state.iterator = page.NextShardIterator;
    return (page.Records ?? []).map((r) => lambdaRecordOf(r, this.streamArn!));
  }
}
