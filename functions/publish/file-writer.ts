/**
 * Writes rendered files whose bytes changed, judged by SHA-256 against what the caller knows was last
 * written (the hashes kept in the table: functions/publish/dynamo-feed-state.ts), so skipping unchanged
 * bytes costs no S3 request. Unchanged files are not rewritten, so their ETag and Last-Modified stay
 * put for pollers. Each file is stored with the media type CloudFront compresses
 * (edge-media-types.ts: Atom as application/xml, JSON Feed as application/json).
 */
import { createHash } from 'node:crypto';
import { storedContentType } from './edge-media-types.ts';
import type { FeedFile, FeedFileStore, FileHashes } from './ports.ts';

/**
 * What "the same file" is judged by: the stored media type and the bytes. The type is in it so that a
 * file stored under another type before (Atom as application/atom+xml, before edge-media-types.ts) is
 * written again, with the type CloudFront compresses, on its feed's next render, though its bytes are the same.
 */
export const fileHash = (contentType: string, body: string | Uint8Array) => createHash('sha256').update(`${contentType}\n`).update(body).digest('hex');

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
   * Writes `unhashed` unless `known` says the same file is there, and records in `hashes` what is
   * stored under its key afterwards. True when it was written.
   */
  async write(unhashed: Omit<FeedFile, 'hash' | 'cacheControl'>, known: KnownHash, hashes: FileHashes): Promise<boolean> {
    const contentType = storedContentType(unhashed.contentType);
    const file = { ...unhashed, contentType, hash: fileHash(contentType, unhashed.body) };
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
