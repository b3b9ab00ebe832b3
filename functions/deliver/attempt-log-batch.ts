/**
 * Delivery log entries written together: the deliveries of one SQS batch
 * finish within milliseconds of each other, so their log entries (attempt
 * entries, and the lean path's first-delivery entries, delivery-log.ts) go out
 * in one BatchWriteItem instead of one PutItem each. The items written (and the
 * write units) are the same; the round trips are not, and on the hot path the
 * round trips are the cost.
 *
 * Each entry still resolves only once it is written (or rejects
 * with the write's error), so a delivery is not reported done before its log
 * entry is durable. When is the batch complete? The handler brackets each
 * delivery with `begin()`/its `end()`: once every delivery still running is
 * waiting on its entry, they are written at once. Waiting on a slow endpoint
 * costs nothing, the invocation lasts as long as its slowest message anyway;
 * still, an entry waits at most `windowMs` (the log is not held back for a
 * whole response deadline), and a full batch (`maxItems`, DynamoDB's 25) is
 * written at once.
 */
import type { AttemptRecord, DeliveryLog, FirstDelivery } from '#core/webhooks/ports.ts';

export interface AttemptBatchWriter {
  /** Writes all of them, retrying what the table left unprocessed; rejects if it cannot. */
  logEntries(attempts: readonly AttemptRecord[], firsts: readonly FirstDelivery[]): Promise<void>;
}

type Entry = { attempt: AttemptRecord } | { first: FirstDelivery };

interface Waiting {
  entry: Entry;
  done: (error?: unknown) => void;
}

export class AttemptLogBatch {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly writer: AttemptBatchWriter,
    private readonly windowMs = 1000,
    private readonly maxItems = 25,
  ) {}

  /** Deliveries begun and not ended, and entries of theirs already being written. */
  private running = 0;
  private writing = 0;

  /** A delivery starts: its entry, if it writes one, is worth waiting for. Call the returned function when it ends. */
  begin(): () => void {
    this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      this.flushIfComplete();
    };
  }

  logAttempt(attempt: AttemptRecord): Promise<void> {
    return this.add({ attempt });
  }

  logFirstDelivery(first: FirstDelivery): Promise<void> {
    return this.add({ first });
  }

  private add(entry: Entry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.flushIfComplete()) this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  /** Everyone still running is waiting (or the batch is full): write now. */
  private flushIfComplete(): boolean {
    const stillComing = this.running - this.writing - this.waiting.length;
    if (this.waiting.length === 0 || (stillComing > 0 && this.waiting.length < this.maxItems)) return false;
    this.flush();
    return true;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.writing += batch.length;
    const settle = (error?: unknown) => {
      this.writing -= batch.length;
      for (const w of batch) w.done(error);
    };
    const attempts = batch.flatMap((w) => ('attempt' in w.entry ? [w.entry.attempt] : []));
    const firsts = batch.flatMap((w) => ('first' in w.entry ? [w.entry.first] : []));
    this.writer.logEntries(attempts, firsts).then(
      () => settle(),
      (error: unknown) => settle(error ?? new Error('delivery log write failed')),
    );
  }
}

/** The delivery log with its entries batched; everything else goes straight through (the log is the prototype). */
export function withBatchedAttempts<T extends DeliveryLog & AttemptBatchWriter>(log: T, batch = new AttemptLogBatch(log)): T & { begin(): () => void } {
  const batched = Object.create(log) as T & { begin(): () => void };
  batched.logAttempt = (attempt) => batch.logAttempt(attempt);
  batched.logFirstDelivery = (first) => batch.logFirstDelivery(first);
  batched.begin = () => batch.begin();
  return batched;
}
