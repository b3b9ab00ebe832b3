/**
 * One standard queue with SQS's delivery semantics:
 * - a received message stays invisible for the visibility timeout, then is
 *   delivered again with ApproximateReceiveCount + 1;
 * - ChangeMessageVisibility moves that deadline (0 makes it visible at once);
 * - DelaySeconds hides a new message for a while;
 * - with a redrive policy, a message received maxReceiveCount times moves to
 *   the dead-letter queue instead of being delivered again;
 * - only the latest receipt handle of a message is valid.
 * Time comes from an injected clock so tests can step it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SqsError } from './errors.ts';
import { md5Hex, md5OfMessageAttributes, type MessageAttributes } from './md5.ts';

export type Clock = () => number;

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  messageRetentionSeconds: number;
  redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number };
}

export interface StoredMessage {
  id: string;
  body: string;
  attributes: MessageAttributes;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** ARN of the queue a dead-lettered message came from, for redrive. */
  deadLetterSourceArn?: string;
  receiptHandle?: string;
}

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody: string;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: MessageAttributes;
  Attributes: Record<string, string>;
}

export interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

/** Told of every message stored or removed, synchronously (journal.ts makes the queues durable with it). */
export interface QueueObserver {
  put(queue: string, message: StoredMessage): void;
  remove(queue: string, id: string): void;
}

export const defaultQueueSettings: Omit<QueueSettings, 'redrive'> = {
  visibilityTimeoutSeconds: 30,
  delaySeconds: 0,
  messageRetentionSeconds: 4 * 24 * 3600,
};

const maxSeconds = { visibility: 12 * 3600, delay: 900 };

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new SqsError('InvalidParameterValue', `${name} must be an integer from 0 to ${max}, got ${value}`);
  }
}

export class LocalQueue {
  readonly settings: QueueSettings;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly byHandle = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  observer: QueueObserver | undefined;

  constructor(
    readonly name: string,
    readonly arn: string,
    settings: Partial<QueueSettings>,
    private readonly now: Clock = Date.now,
  ) {
    this.settings = { ...defaultQueueSettings, ...settings };
  }

  send(body: string, options: { delaySeconds?: number; attributes?: MessageAttributes } = {}) {
    if (body.length === 0) throw new SqsError('InvalidParameterValue', 'MessageBody must not be empty');
    const delay = options.delaySeconds ?? this.settings.delaySeconds;
    checkRange('DelaySeconds', delay, maxSeconds.delay);
    const attributes = options.attributes ?? {};
    const now = this.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      attributes,
      md5OfBody: md5Hex(body),
      md5OfMessageAttributes: md5OfMessageAttributes(attributes),
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
    };
    this.accept(message);
    return message;
  }

  /** Takes in a message as it is (redrive, restore), keeping its id and history. */
  accept(message: StoredMessage): void {
    const stored = { ...message, receiptHandle: undefined };
    this.observer?.put(this.name, stored);
    this.messages.set(message.id, stored);
    this.wake();
  }

  /** Removes a message by id, if present (a journal replaying a delete). */
  remove(id: string): void {
    const message = this.messages.get(id);
    if (message) this.forget(message);
  }

  receive(options: { max?: number; visibilityTimeoutSeconds?: number } = {}): ReceivedMessage[] {
    const max = options.max ?? 1;
    checkRange('MaxNumberOfMessages', max, 10);
    if (max < 1) throw new SqsError('InvalidParameterValue', 'MaxNumberOfMessages must be from 1 to 10');
    const timeout = options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds;
    checkRange('VisibilityTimeout', timeout, maxSeconds.visibility);
    const now = this.now();
    const received: ReceivedMessage[] = [];
    // A message delivered or dead-lettered is no longer ready, so each pass finds new ones.
    for (let next = this.earliestReady(now, max); next.length > 0; next = this.earliestReady(now, max - received.length)) {
      for (const message of next) {
        const redrive = this.settings.redrive;
        if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
          this.deadLetter(message, redrive.deadLetterQueue);
          continue;
        }
        received.push(this.deliver(message, now, timeout));
      }
      if (received.length >= max) break;
    }
    return received;
  }

  delete(receiptHandle: string): void {
    this.forget(this.byReceiptHandle(receiptHandle));
  }

  changeVisibility(receiptHandle: string, timeoutSeconds: number): void {
    checkRange('VisibilityTimeout', timeoutSeconds, maxSeconds.visibility);
    const message = this.byReceiptHandle(receiptHandle);
    const now = this.now();
    if (message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', `message ${message.id} is not in flight`);
    }
    message.visibleAt = now + timeoutSeconds * 1000;
    if (timeoutSeconds === 0) this.wake();
  }

  counts(): QueueCounts {
    const now = this.now();
    const counts = { visible: 0, inFlight: 0, delayed: 0 };
    for (const m of this.messages.values()) {
      if (m.visibleAt <= now) counts.visible++;
      else if (m.receiveCount === 0) counts.delayed++;
      else counts.inFlight++;
    }
    return counts;
  }

  /** Removes and returns every message (purge, redrive); in-flight ones too. */
  drain(): StoredMessage[] {
    const all = [...this.messages.values()];
    for (const m of all) this.observer?.remove(this.name, m.id);
    this.messages.clear();
    this.byHandle.clear();
    return all;
  }

  /** Every stored message, for persisting the queue across restarts. */
  snapshot(): StoredMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m, receiptHandle: undefined }));
  }

  /** Earliest time a currently hidden message becomes visible, if any. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const m of this.messages.values()) if (next === undefined || m.visibleAt < next) next = m.visibleAt;
    return next;
  }

  /** Resolves when a message may have become receivable, or after `ms`. */
  waitForMessages(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const next = this.nextVisibleAt();
      const wait = next === undefined ? ms : Math.min(ms, Math.max(0, next - this.now()));
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * The `count` visible messages that became visible first (then oldest first), dropping expired ones on the
   * way: one pass keeping a short sorted list, not a sort of the whole queue on every receive (a fan-out
   * queues a thousand messages and is received ten at a time).
   */
  private earliestReady(now: number, count: number): StoredMessage[] {
    const expiry = now - this.settings.messageRetentionSeconds * 1000;
    const before = (a: StoredMessage, b: StoredMessage) => a.visibleAt - b.visibleAt || a.sentAt - b.sentAt;
    const earliest: StoredMessage[] = [];
    for (const m of this.messages.values()) {
      if (m.sentAt < expiry) {
        this.forget(m);
        continue;
      }
      if (m.visibleAt > now || count <= 0) continue;
      if (earliest.length === count && before(m, earliest[count - 1]!) >= 0) continue;
      let at = earliest.length;
      while (at > 0 && before(m, earliest[at - 1]!) < 0) at--;
      earliest.splice(at, 0, m);
      if (earliest.length > count) earliest.pop();
    }
    return earliest;
  }

  private deliver(message: StoredMessage, now: number, timeoutSeconds: number): ReceivedMessage {
    this.forgetHandle(message);
    message.receiveCount += 1;
    message.firstReceivedAt ??= now;
    message.visibleAt = now + timeoutSeconds * 1000;
    message.receiptHandle = randomBytes(24).toString('base64url');
    this.byHandle.set(message.receiptHandle, message.id);
    const attributes: Record<string, string> = {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
      SenderId: '000000000000',
    };
    if (message.deadLetterSourceArn) attributes.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
    return {
      MessageId: message.id,
      ReceiptHandle: message.receiptHandle,
      Body: message.body,
      MD5OfBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes
        ? { MD5OfMessageAttributes: message.md5OfMessageAttributes, MessageAttributes: message.attributes }
        : {}),
      Attributes: attributes,
    };
  }

  private deadLetter(message: StoredMessage, deadLetterQueue: LocalQueue): void {
    this.forget(message);
    deadLetterQueue.accept({ ...message, deadLetterSourceArn: this.arn, visibleAt: this.now() });
  }

  private byReceiptHandle(receiptHandle: string): StoredMessage {
    const id = this.byHandle.get(receiptHandle);
    const message = id === undefined ? undefined : this.messages.get(id);
    if (!message) {
      throw new SqsError('ReceiptHandleIsInvalid', `the receipt handle is not valid for queue ${this.name} (stale or unknown)`);
    }
    return message;
  }

  private forget(message: StoredMessage): void {
    this.forgetHandle(message);
    this.observer?.remove(this.name, message.id);
    this.messages.delete(message.id);
  }

  private forgetHandle(message: StoredMessage): void {
    if (message.receiptHandle) this.byHandle.delete(message.receiptHandle);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
