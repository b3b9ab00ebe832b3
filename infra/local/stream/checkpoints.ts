/**
 * Where the stream poller has got to in each shard (the last sequence number
 * fully processed), kept in a JSON file so a restarted runtime resumes instead
 * of replaying the stream or skipping what happened while it was down.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export class Checkpoints {
  private readonly positions: Map<string, string>;

  constructor(private readonly file?: string) {
    const saved = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    this.positions = new Map(Object.entries(saved));
  }

  get(shardId: string): string | undefined {
    return this.positions.get(shardId);
  }

  set(shardId: string, sequenceNumber: string): void {
    this.positions.set(shardId, sequenceNumber);
    if (!this.file) return;
    // Write-then-rename: a crash mid-write never leaves a half checkpoint file.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(Object.fromEntries(this.positions), null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
