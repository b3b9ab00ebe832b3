/**
 * Forms the publish function's stream batches for a measured run: the local runtime's stream poller
 * (infra/local/stream/poller.ts) reads the table's stream with `GetRecords`, and this gate holds those
 * reads empty until the run releases one, so every article ingested meanwhile reaches publish in ONE
 * invocation, as a batching window collecting them would deliver them on AWS. Nothing is changed in the
 * records or in what publish does with them; only when the poller sees them.
 *
 * The gate patches `send` of the SDK's DynamoDB Streams client class in this process (the runtime builds
 * its own client, out of reach): a held read answers no records and hands back the same shard iterator,
 * so the next read starts where this one would have. A released read asks for up to 1,000 records (the
 * stream's maximum) rather than the poller's 100, since the limit counts the records the event filter
 * drops too (each article writes a dozen items besides its LATEST one) and a batch must not be split.
 *
 * The runtime runs with its own batching window at 0 (measure.ts): a window would read again before
 * invoking. Without one, the poller invokes publish between two reads of a shard, so the time from the released read to the
 * next read is how long the publish invocation took, and the process's CPU time meanwhile is what it
 * computed (measure.ts runs s3rver in a child process, so its work is not counted).
 */
import { DynamoDBStreamsClient, GetRecordsCommand, type GetRecordsCommandOutput } from '@aws-sdk/client-dynamodb-streams';
import { articleLatestPattern, matchesFilter } from '../../infra/local/stream/filter.ts';
import { lambdaRecordOf } from '../../infra/local/stream/records.ts';

/** Whether the poller will hand a record to publish: the stack's event filter (article LATEST items). */
const forPublish = (record: NonNullable<GetRecordsCommandOutput['Records']>[number]) => matchesFilter(articleLatestPattern, lambdaRecordOf(record, 'arn:aws:dynamodb:local'));

export interface ReleasedBatch {
  /** Stream records the released reads returned that publish was invoked with (the event filter's article LATEST ones). */
  records: number;
  /** Publish invocations they made: one for `release`, as many as the stream needed for `drain`. */
  invocations: number;
  /** From a released read answering to the poller's next read, summed: the publish invocations, in ms. */
  publishMs: number;
  /** CPU time this process spent meanwhile (the handler; measure.ts keeps s3rver in a child process), in ms. */
  cpuMs: number;
}

export interface StreamGate {
  /** Lets the next non-empty read through; resolves once publish has handled what it read. */
  release(timeoutMs?: number): Promise<ReleasedBatch>;
  /**
   * Lets reads through until one finds nothing: a read returns at most 1 MB of records, so a large
   * backlog takes several reads, and so several invocations.
   */
  drain(timeoutMs?: number): Promise<ReleasedBatch>;
  /** Puts `send` back. */
  remove(): void;
}

type Send = (this: DynamoDBStreamsClient, command: unknown, ...rest: unknown[]) => Promise<unknown>;

export function installStreamGate(): StreamGate {
  const proto = DynamoDBStreamsClient.prototype as unknown as { send: Send };
  const original = proto.send;
  const ownSend = Object.hasOwn(proto, 'send');
  /** The release under way: what it let through so far, and how it ends. */
  let current: { mode: 'once' | 'drain'; batch: ReleasedBatch; done: (batch: ReleasedBatch) => void } | undefined;
  /** Set while released records are being published: the poller's next read ends the invocation. */
  let inFlight: { answeredAt: number; cpu: NodeJS.CpuUsage } | undefined;

  const finish = () => {
    const release = current!;
    current = undefined;
    release.done(release.batch);
  };

  proto.send = async function gated(this: DynamoDBStreamsClient, command: unknown, ...rest: unknown[]) {
    if (!(command instanceof GetRecordsCommand)) return original.call(this, command, ...rest);
    if (inFlight && current) {
      const used = process.cpuUsage(inFlight.cpu);
      current.batch.publishMs += performance.now() - inFlight.answeredAt;
      current.batch.cpuMs += (used.user + used.system) / 1000;
      inFlight = undefined;
      if (current.mode === 'once') finish();
    }
    if (!current) return { Records: [], NextShardIterator: command.input.ShardIterator, $metadata: {} } satisfies GetRecordsCommandOutput;
    command.input.Limit = 1000;
    const output = (await original.call(this, command, ...rest)) as GetRecordsCommandOutput;
    // Records publish never sees (the table's other items, the leases publish itself writes) neither make
    // an invocation nor end a release; a drain ends when a read finds nothing at all.
    const records = (output.Records ?? []).filter(forPublish).length;
    if (records > 0) {
      current.batch.records += records;
      current.batch.invocations += 1;
      inFlight = { answeredAt: performance.now(), cpu: process.cpuUsage() };
    } else if (current.mode === 'drain' && (output.Records?.length ?? 0) === 0) {
      finish();
    }
    return output;
  };

  const open = (mode: 'once' | 'drain', timeoutMs: number) => {
    if (current) return Promise.reject(new Error('stream gate: a release is already under way'));
    return new Promise<ReleasedBatch>((resolve, reject) => {
      const timer = setTimeout(() => {
        current = undefined;
        reject(new Error(`stream gate: the release did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      current = {
        mode,
        batch: { records: 0, invocations: 0, publishMs: 0, cpuMs: 0 },
        done: (batch) => {
          clearTimeout(timer);
          resolve(batch);
        },
      };
    });
  };

  return {
    release: (timeoutMs = 120_000) => open('once', timeoutMs),
    drain: (timeoutMs = 600_000) => open('drain', timeoutMs),
    remove() {
      if (ownSend) proto.send = original;
      else delete (proto as Partial<typeof proto>).send;
    },
  };
}
