/**
 * What Lambda's stream event source mapping does with one batch of a shard,
 * configured as the stack configures the publish function:
 * 1. drop records the filter rejects (they count as processed);
 * 2. invoke the function with the rest, in order;
 * 3. with `batchItemFailures` (ReportBatchItemFailures), everything before the
 *    earliest failed sequence number is done and the batch is retried from it;
 * 4. on an error, bisect the batch (bisectBatchOnError) and retry each half;
 * 5. after `retryAttempts` retries, hand the records to the on-failure
 *    destination and move on, so one poison record cannot stall the shard.
 * Records are always settled in sequence order: the checkpoint only moves forward.
 * Once the runtime is stopping, a failed batch is neither retried nor given up on: Ctrl-C reaches
 * DynamoDB Local and s3rver with the rest of the process group, so the failure says nothing about the
 * records, and they are read again from the checkpoint at the next start (`StreamStopping`).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesFilter, type FilterPattern } from './filter.ts';

export type StreamInvoke = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamBatchOptions {
  filter?: FilterPattern;
  retryAttempts: number;
  bisectOnError: boolean;
  /** Pause before a retry; Lambda backs off too. */
  retryDelayMs: (attempt: number) => number;
  /** Records given up on, with the reason and their shard (the on-failure destination). */
  onDiscard: (records: DynamoDBRecord[], reason: string, shardId?: string) => Promise<void> | void;
  /** Aborted when the runtime stops. */
  stopping?: AbortSignal;
}

/** A batch left unsettled because the runtime is stopping: the checkpoint must not move past it. */
export class StreamStopping extends Error {
  override readonly name = 'StreamStopping';
}

const sequenceOf = (r: DynamoDBRecord): string => r.dynamodb?.SequenceNumber ?? '';

type Outcome = { ok: true } | { ok: false; from: number; reason: string };

function outcomeOf(records: DynamoDBRecord[], response: DynamoDBBatchResponse | void): Outcome {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { ok: true };
  const positions = failures.map((f) => records.findIndex((r) => sequenceOf(r) === f.itemIdentifier));
  // An identifier that names no record of the batch makes the whole batch a failure, as on AWS.
  if (positions.some((p) => p < 0)) return { ok: false, from: 0, reason: 'batchItemFailures named a record outside the batch' };
  return { ok: false, from: Math.min(...positions), reason: 'the function reported batch item failures' };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function processStreamBatch(records: DynamoDBRecord[], invoke: StreamInvoke, options: StreamBatchOptions): Promise<void> {
  const wanted = options.filter ? records.filter((r) => matchesFilter(options.filter!, r)) : records;
  if (wanted.length > 0) await settle(wanted, invoke, options, 0);
}

async function settle(records: DynamoDBRecord[], invoke: StreamInvoke, options: StreamBatchOptions, retries: number): Promise<void> {
  let outcome: Outcome;
  let threw = false;
  try {
    outcome = outcomeOf(records, await invoke({ Records: records }));
  } catch (error) {
    threw = true;
    outcome = { ok: false, from: 0, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  if (outcome.ok) return;
  const remaining = records.slice(outcome.from);
  const leaveIfStopping = () => {
    if (options.stopping?.aborted) throw new StreamStopping(`stopping: ${remaining.length} record(s) left for the next start`);
  };
  leaveIfStopping();
  if (retries >= options.retryAttempts) {
    await options.onDiscard(remaining, `${outcome.reason} (gave up after ${retries} retries)`);
    return;
  }
  await pause(options.retryDelayMs(retries + 1));
  leaveIfStopping();
  if (threw && options.bisectOnError && remaining.length > 1) {
    const half = Math.ceil(remaining.length / 2);
    await settle(remaining.slice(0, half), invoke, options, retries + 1);
    await settle(remaining.slice(half), invoke, options, retries + 1);
    return;
  }
  await settle(remaining, invoke, options, retries + 1);
}
