/**
 * The SQS event source mapping, as Lambda runs it: pollers receive batches,
 * invoke the function with an SQS event, and
 * - on success delete the whole batch;
 * - with `batchItemFailures` (ReportBatchItemFailures) delete all but the
 *   failed ones, which come back after their visibility timeout (or whatever
 *   the handler set with ChangeMessageVisibility);
 * - on an error, or a malformed failure list, delete nothing.
 * Messages received too often move to the DLQ through the queue's redrive policy.
 * With a batching window (MaximumBatchingWindowInSeconds), a poller that received a message keeps
 * receiving, ten at a time as SQS allows, until the batch is full or the window since its first message
 * has passed, then invokes once with all of them.
 */
import { setMaxListeners } from 'node:events';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { localRegion } from './broker.ts';
import type { LocalQueue, ReceivedMessage } from './queue.ts';
import type { MessageAttributes } from './md5.ts';

export interface SqsEventSourceOptions {
  /** Messages per invocation; above ten only with a batching window, as on AWS. */
  batchSize?: number;
  /** How long a poller gathers messages after the first before invoking (0: it invokes with what one receive got). */
  batchingWindowMs?: number;
  /** Concurrent pollers (Lambda starts with five). */
  concurrency?: number;
  /** Idle wait between empty receives, as a long poll. */
  waitMs?: number;
  onError?: (error: unknown) => void;
}

export type SqsInvoke = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

function recordAttributes(attributes: MessageAttributes): SQSRecord['messageAttributes'] {
  const out: SQSRecord['messageAttributes'] = {};
  for (const [name, v] of Object.entries(attributes)) {
    out[name] = {
      dataType: v.DataType,
      stringListValues: [],
      binaryListValues: [],
      ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : {}),
    };
  }
  return out;
}

export function sqsEventOf(queue: LocalQueue, messages: readonly ReceivedMessage[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: {
        ApproximateReceiveCount: m.Attributes.ApproximateReceiveCount!,
        SentTimestamp: m.Attributes.SentTimestamp!,
        SenderId: m.Attributes.SenderId!,
        ApproximateFirstReceiveTimestamp: m.Attributes.ApproximateFirstReceiveTimestamp!,
      },
      messageAttributes: recordAttributes(m.MessageAttributes ?? {}),
      md5OfBody: m.MD5OfBody,
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: localRegion,
    })),
  };
}

/** Which messages of a batch to delete after the function returned `response`. */
export function settledMessages(batch: readonly ReceivedMessage[], response: SQSBatchResponse | void): ReceivedMessage[] {
  const failures = response?.batchItemFailures;
  if (!failures || failures.length === 0) return [...batch];
  const ids = new Set(batch.map((m) => m.MessageId));
  // Lambda treats a failure list it cannot match to the batch as a failure of the whole batch.
  if (failures.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return batch.filter((m) => !failed.has(m.MessageId));
}

export class SqsEventSource {
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly options: Required<Omit<SqsEventSourceOptions, 'onError'>> & Pick<SqsEventSourceOptions, 'onError'>;
  running = false;

  constructor(
    private readonly queue: LocalQueue,
    private readonly invoke: SqsInvoke,
    options: SqsEventSourceOptions = {},
  ) {
    this.options = { batchSize: 10, batchingWindowMs: 0, concurrency: 5, waitMs: 1000, ...options };
    if (this.options.batchSize > 10 && this.options.batchingWindowMs <= 0) throw new Error('an SQS event source takes more than ten messages a batch only with a batching window');
    // Every idle poller listens for the stop: as many listeners as pollers is expected, not a leak.
    setMaxListeners(Math.max(10, this.options.concurrency + 1), this.stopping.signal);
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.poll());
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
    this.running = false;
  }

  /** Receives and processes one batch; returns how many messages it handled. */
  async pollOnce(): Promise<number> {
    const batch = await this.gather();
    if (batch.length === 0) return 0;
    let response: SQSBatchResponse | void;
    try {
      response = await this.invoke(sqsEventOf(this.queue, batch));
    } catch (error) {
      this.options.onError?.(error);
      return batch.length;
    }
    for (const m of settledMessages(batch, response)) {
      try {
        this.queue.delete(m.ReceiptHandle);
      } catch {
        // The handler already deleted it, or it was received again after its timeout: SQS would refuse the stale handle too.
      }
    }
    return batch.length;
  }

  /** One receive, or, with a batching window, receives until the batch is full or the window has passed. */
  private async gather(): Promise<ReceivedMessage[]> {
    const { batchSize, batchingWindowMs } = this.options;
    const batch = this.queue.receive({ max: Math.min(10, batchSize) });
    if (batch.length === 0 || batchingWindowMs <= 0) return batch;
    const closesAt = Date.now() + batchingWindowMs;
    const signal = this.stopping.signal;
    while (batch.length < batchSize && Date.now() < closesAt) {
      const more = this.queue.receive({ max: Math.min(10, batchSize - batch.length) });
      batch.push(...more);
      if (more.length > 0) continue;
      await this.queue.waitForMessages(closesAt - Date.now(), signal);
      if (signal.aborted) {
        // Stopping mid-window: the gathered messages go back to the queue at once, not after their visibility timeout.
        for (const m of batch) {
          try {
            this.queue.changeVisibility(m.ReceiptHandle, 0);
          } catch {
            // Already back (its visibility ran out): nothing to return.
          }
        }
        return [];
      }
    }
    return batch;
  }

  private async poll(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const handled = await this.pollOnce();
      if (handled === 0 && !signal.aborted) await this.queue.waitForMessages(this.options.waitMs, signal);
    }
  }
}
