/**
 * Writes rendered files whose bytes changed, judged by SHA-256 against what the caller knows was last
 * written (the hashes kept in the table: functions/publish/dynamo-feed-state.ts), so skipping unchanged
 * bytes costs no S3 request. Unchanged files are not rewritten, so their ETag and Last-Modified stay
 * put for pollers. A text type CloudFront will not compress gets its gzip twin (gzip-twins.ts) first:
 * once the plain file is new, both are, and a retry after a failed write finds what is missing.
 */
import { createHash } from 'node:crypto';
import { gzipTwinOf, needsGzipTwin } from './gzip-twins.ts';
import type { FeedFile, FeedFileStore, FileHashes } from './ports.ts';

export const sha256 = (body: string | Uint8Array) => createHash('sha256').update(body).digest('hex');

/** The hash last written under a key, when known; a promise when it must be asked for. */
export type KnownHash = (key: string) => string | undefined | Promise<string | undefined>;

export class FileWriter {
  readonly written: string[] = [];
  unchanged = 0;

  constructor(
    private readonly files: FeedFileStore,
    private readonly cacheControl: string,
  ) {}

  /**
   * Writes `unhashed` (and its twin) unless `known` says the same bytes are there, and records in
   * `hashes` what is stored under each key afterwards. True when anything was written.
   */
  async write(unhashed: Omit<FeedFile, 'hash' | 'cacheControl'>, known: KnownHash, hashes: FileHashes): Promise<boolean> {
    const file = { ...unhashed, hash: sha256(unhashed.body) };
    const twin = needsGzipTwin(file) ? await this.one(gzipTwinOf(file), known, hashes) : false;
    return (await this.one(file, known, hashes)) || twin;
  }

  private async one(file: Omit<FeedFile, 'cacheControl'>, known: KnownHash, hashes: FileHashes): Promise<boolean> {
    if ((await known(file.key)) === file.hash) {
      this.unchanged += 1;
      hashes[file.key] = file.hash;
      return false;
    }
    await this.files.write({ ...file, cacheControl: this.cacheControl });
    this.written.push(file.key);
    hashes[file.key] = file.hash;
    return true;
  }
}
