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
 * The poller invokes publish between two reads of a shard, so the time from the released read to the
 * next read is how long the publish invocation took, and the process's CPU time meanwhile is what it
 * (with s3rver, in the same process) computed.
 */
import { DynamoDBStreamsClient, GetRecordsCommand, type GetRecordsCommandOutput } from '@aws-sdk/client-dynamodb-streams';

export interface ReleasedBatch {
  /** Stream records the released read returned (all kinds; publish's filter keeps the article LATEST ones). */
  records: number;
  /** From the released read answering to the poller's next read: the publish invocation, in ms. */
  publishMs: number;
  /** CPU time this process spent meanwhile (the handler, and s3rver, which runs in-process too), in ms. */
  cpuMs: number;
}

export interface StreamGate {
  /** Lets the next non-empty read through; resolves once publish has handled what it read. */
  release(timeoutMs?: number): Promise<ReleasedBatch>;
  /** Puts `send` back. */
  remove(): void;
}

type Send = (this: DynamoDBStreamsClient, command: unknown, ...rest: unknown[]) => Promise<unknown>;

export function installStreamGate(): StreamGate {
  const proto = DynamoDBStreamsClient.prototype as unknown as { send: Send };
  const original = proto.send;
  const ownSend = Object.hasOwn(proto, 'send');
  let open = false;
  /** Set while a released batch is being published: the poller's next read ends it. */
  let inFlight: { records: number; answeredAt: number; cpu: NodeJS.CpuUsage; done: (batch: ReleasedBatch) => void } | undefined;
  let waiting: ((batch: ReleasedBatch) => void) | undefined;

  proto.send = async function gated(this: DynamoDBStreamsClient, command: unknown, ...rest: unknown[]) {
    if (!(command instanceof GetRecordsCommand)) return original.call(this, command, ...rest);
    if (inFlight) {
      const { records, answeredAt, cpu, done } = inFlight;
      inFlight = undefined;
      const used = process.cpuUsage(cpu);
      done({ records, publishMs: performance.now() - answeredAt, cpuMs: (used.user + used.system) / 1000 });
    }
    if (!open) return { Records: [], NextShardIterator: command.input.ShardIterator, $metadata: {} } satisfies GetRecordsCommandOutput;
    command.input.Limit = 1000;
    const output = (await original.call(this, command, ...rest)) as GetRecordsCommandOutput;
    const records = output.Records?.length ?? 0;
    if (records > 0 && waiting) {
      open = false;
      inFlight = { records, answeredAt: performance.now(), cpu: process.cpuUsage(), done: waiting };
      waiting = undefined;
    }
    return output;
  };

  return {
    release(timeoutMs = 120_000) {
      if (waiting || inFlight) return Promise.reject(new Error('stream gate: a batch is already released'));
      return new Promise<ReleasedBatch>((resolve, reject) => {
        const timer = setTimeout(() => {
          open = false;
          waiting = undefined;
          reject(new Error(`stream gate: no batch published within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting = (batch) => {
          clearTimeout(timer);
          resolve(batch);
        };
        open = true;
      });
    },
    remove() {
      if (ownSend) proto.send = original;
      else delete (proto as Partial<typeof proto>).send;
    },
  };
}
