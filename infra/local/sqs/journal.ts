/**
 * Makes the local SQS emulator durable: every message stored or removed is
 * appended to a journal file before the call that caused it returns (a
 * SendMessageBatch is answered only after its messages are written), so a
 * `kill -9` at any moment loses nothing the emulator acknowledged, and the
 * stream poller, which moves its checkpoint only after publish returned,
 * never moves past a delivery that is not on disk.
 *
 * - Each line is one JSON entry; a torn last line (the kill landed mid-write) is ignored.
 * - `compact()` (at open, at close, and whenever the journal passes a few MB) writes the whole state as a snapshot (write, then rename) and
 *   empties the journal; a crash between the two only replays entries the
 *   snapshot already holds, which is harmless (puts are keyed by message id).
 * - Writes go to the kernel with `writeSync`, which a killed process cannot
 *   lose; no fsync per message, so a power cut may lose the last moments
 *   (SQS itself is the durable store on AWS).
 * - Visibility changes and receive counts are not journaled: after a crash a
 *   message waiting out a backoff is visible early, and the deliver handler
 *   sees from the delivery log that it is not due yet.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { LocalSqs, QueueSnapshot } from './broker.ts';
import type { QueueObserver, StoredMessage } from './queue.ts';

type Entry = { op: 'put'; queue: string; message: StoredMessage } | { op: 'remove'; queue: string; id: string };

/** Journal size past which the periodic `compactIfLarge()` folds it into the snapshot. */
const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

export class QueueJournal implements QueueObserver {
  private fd: number | undefined;
  private bytes = 0;

  constructor(
    private readonly sqs: LocalSqs,
    private readonly snapshotFile: string,
    private readonly journalFile: string,
  ) {}

  /** Restores the snapshot and the journal on top of it, then starts journaling and compacts. */
  open(): void {
    if (existsSync(this.snapshotFile)) this.sqs.restore(JSON.parse(readFileSync(this.snapshotFile, 'utf8')) as QueueSnapshot);
    if (existsSync(this.journalFile)) {
      for (const line of readFileSync(this.journalFile, 'utf8').split('\n')) {
        const entry = parse(line);
        if (!entry) continue;
        const queue = this.sqs.list().find((q) => q.name === entry.queue);
        if (entry.op === 'put') queue?.accept(entry.message);
        else queue?.remove(entry.id);
      }
    }
    this.fd = openSync(this.journalFile, 'a');
    for (const queue of this.sqs.list()) queue.observer = this;
    this.compact();
  }

  put(queue: string, message: StoredMessage): void {
    this.append({ op: 'put', queue, message: { ...message, receiptHandle: undefined } });
  }

  remove(queue: string, id: string): void {
    this.append({ op: 'remove', queue, id });
  }

  compact(): void {
    if (this.fd === undefined) return;
    writeFileSync(`${this.snapshotFile}.tmp`, JSON.stringify(this.sqs.snapshot()));
    renameSync(`${this.snapshotFile}.tmp`, this.snapshotFile);
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  /** Compacts only once the journal has grown: a snapshot of thousands of messages is not free. */
  compactIfLarge(): void {
    if (this.bytes > COMPACT_AFTER_BYTES) this.compact();
  }

  close(): void {
    if (this.fd === undefined) return;
    this.compact();
    for (const queue of this.sqs.list()) queue.observer = undefined;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private append(entry: Entry): void {
    if (this.fd === undefined) return;
    this.bytes += writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }
}

function parse(line: string): Entry | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as Entry;
  } catch {
    return undefined;
  }
}
