/**
 * The deliveries queue on SQS: one message per (subscription × event), sent
 * ten at a time; a failed delivery waits by changing its message's visibility
 * (SQS caps it at 12 h, longer waits sleep again, see deliver-one.ts); an
 * exhausted one is moved to the dead-letter queue explicitly, because the
 * queue's receive count also counts those sleeps. A message held back without
 * an attempt (circuit open, in-flight limit) is sent again as a fresh copy
 * (`holdBack`) rather than hidden: hiding it would count a receive each time,
 * and an endpoint kept busy long enough would have its messages moved to the
 * DLQ by the queue's redrive policy without one attempt.
 */
import type { BatchEntry, SqsQueues } from '#commons/clients/sqs.ts';
import type { DeliveryMessage, DeliveryQueue, FanOutQueue } from '#core/webhooks/ports.ts';

/** SQS's ceiling for a message's visibility timeout. */
export const MAX_VISIBILITY_SECONDS = 12 * 3600;
const BATCH = 10;

export interface DeliveryQueueControl {
  /** Hide a received message for `seconds` (capped at 12 h). */
  retryLater(receiptHandle: string, seconds: number): Promise<void>;
  deadLetter(message: DeliveryMessage, reason: string): Promise<void>;
  /**
   * Send `message` again in `seconds` (capped at SQS's 15 min delay) as a new message whose receive count
   * starts over; the caller then lets the received one be deleted. `origin` travels with the copy as message
   * attributes (heldBackOrigin), so the copy is handled as the message it replaces.
   */
  holdBack?(message: DeliveryMessage, seconds: number, origin: HeldBackOrigin): Promise<void>;
}

/** What a held-back copy keeps of the message it replaces. */
export interface HeldBackOrigin {
  /** When the first copy was sent (epoch ms): a search for an attempt made under an earlier copy starts there. */
  sentAt?: number | undefined;
  /** Whether an earlier copy may have been attempted (it had been received before). */
  mayHaveBeenAttempted: boolean;
}

/** SQS's ceiling for a message's delay. */
export const MAX_DELAY_SECONDS = 900;
const ORIGIN_SENT_AT = 'originSentAt';
const ORIGIN_ATTEMPTED = 'originMayHaveBeenAttempted';

/** The origin a held-back copy carries, from its SQS record's message attributes (Lambda spells them `stringValue`). */
export function heldBackOrigin(attributes: Record<string, { stringValue?: string | undefined }> | undefined): HeldBackOrigin | undefined {
  const attempted = attributes?.[ORIGIN_ATTEMPTED]?.stringValue;
  if (attempted === undefined) return undefined;
  return { sentAt: Number(attributes?.[ORIGIN_SENT_AT]?.stringValue) || undefined, mayHaveBeenAttempted: attempted !== 'false' };
}

export const encodeMessage = (m: DeliveryMessage): string => JSON.stringify(m);

export function decodeMessage(body: string): DeliveryMessage {
  const m = JSON.parse(body) as Partial<DeliveryMessage>;
  if (typeof m.subscriptionId !== 'string' || typeof m.deliveryId !== 'string' || typeof m.body !== 'string' || typeof m.round !== 'number') {
    throw new Error('not a delivery message');
  }
  return m as DeliveryMessage;
}

export class SqsDeliveryQueue implements DeliveryQueue, FanOutQueue, DeliveryQueueControl {
  constructor(
    private readonly sqs: SqsQueues,
    private readonly queueUrl: string,
    private readonly deadLetterUrl?: string,
  ) {}

  async send(messages: DeliveryMessage[]): Promise<void> {
    const refused = await this.sendEach(messages);
    if (refused.length > 0) throw new Error(`SQS refused ${refused.length} delivery messages`);
  }

  async sendEach(messages: DeliveryMessage[]): Promise<DeliveryMessage[]> {
    const batches: DeliveryMessage[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
    const refused: DeliveryMessage[] = [];
    // A few batches in flight at once: a 1,000-subscription fan-out is 100 calls.
    for (let i = 0; i < batches.length; i += 8) {
      const results = await Promise.all(batches.slice(i, i + 8).map((b) => this.sendBatch(b).catch(() => b)));
      refused.push(...results.flat());
    }
    return refused;
  }

  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs.changeMessageVisibility({
      QueueUrl: this.queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(seconds))),
    });
  }

  async deadLetter(message: DeliveryMessage, reason: string): Promise<void> {
    if (!this.deadLetterUrl) throw new Error('no dead-letter queue configured (DELIVERIES_DLQ_URL)');
    await this.sqs.sendMessage({
      QueueUrl: this.deadLetterUrl,
      MessageBody: encodeMessage(message),
      MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 256) } },
    });
  }

  async holdBack(message: DeliveryMessage, seconds: number, origin: HeldBackOrigin): Promise<void> {
    await this.sqs.sendMessage({
      QueueUrl: this.queueUrl,
      MessageBody: encodeMessage(message),
      DelaySeconds: Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds))),
      MessageAttributes: {
        [ORIGIN_ATTEMPTED]: { DataType: 'String', StringValue: String(origin.mayHaveBeenAttempted) },
        ...(origin.sentAt ? { [ORIGIN_SENT_AT]: { DataType: 'Number', StringValue: String(origin.sentAt) } } : {}),
      },
    });
  }

  /** Sends one batch; entries SQS refuses are retried once, then returned (a failed call rejects: the caller counts the batch refused). */
  private async sendBatch(batch: DeliveryMessage[]): Promise<DeliveryMessage[]> {
    let entries: BatchEntry[] = batch.map((m, i) => ({ Id: String(i), MessageBody: encodeMessage(m) }));
    for (let round = 0; round < 2 && entries.length > 0; round++) {
      const result = await this.sqs.sendMessageBatch({ QueueUrl: this.queueUrl, Entries: entries });
      const failed = new Set(result.Failed.map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
    }
    return entries.map((e) => batch[Number(e.Id)]!);
  }
}
