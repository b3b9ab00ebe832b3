/**
 * Makes s3rver's object writes atomic, as S3's are: a GET sees the whole old
 * object or the whole new one, never a mix.
 *
 * Why this patch exists: s3rver 3.7's filesystem store rewrites an object's file
 * in place (truncate, then write) and its metadata file after that, and answers a
 * PUT of a buffer before the bytes are on disk. A feed GET racing publish's rewrite
 * of the same feed could then come back cut short, or with the old length cutting
 * the new bytes; a `kill -9` in the middle left a truncated feed behind. S3 never
 * does either, and no option of s3rver changes it, so the store is wrapped here:
 *
 * - a write goes to temporary files beside the object (names s3rver's listing
 *   ignores), fully flushed, then renamed over the object, its MD5 and its
 *   metadata; a rename is atomic, and a reader holding the old file keeps
 *   reading the old bytes;
 * - the renames, a read's metadata-and-open, and a delete of one key run one at
 *   a time per key, so a reader never pairs new bytes with old metadata.
 *
 * A crash between the renames leaves the new bytes with the old metadata: its
 * stored hash then differs from the bytes', so publish's next render rewrites
 * the file (functions/publish/publish-changes.ts skips only identical hashes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

/** The part of s3rver's FilesystemStore this wraps (s3rver ships no types). */
export interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  getObject(bucket: string, key: string, options?: unknown): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<unknown>;
}

interface StoredObject {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
  content: Buffer | Readable;
}

/** The metadata s3rver keeps with an object: its list of standard headers and every `x-amz-meta-*`. */
const allowedMetadata = (createRequire(import.meta.url)('s3rver/lib/models/object') as { ALLOWED_METADATA: string[] }).ALLOWED_METADATA;

function storedMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([name]) => allowedMetadata.includes(name) || name.startsWith('x-amz-meta-')));
}

/** Runs work for one key after the work queued before it for that key. */
function perKeyQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

async function writeContent(path: string, content: Buffer | Readable): Promise<{ size: number; md5: string }> {
  const md5 = createHash('md5');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const out = createWriteStream(path);
  if (Buffer.isBuffer(content)) {
    counting.end(content);
    await pipeline(counting, out);
  } else {
    await pipeline(content, counting, out);
  }
  return { size, md5: md5.digest('hex') };
}

/** Replaces the store's put, get and delete with atomic, per-key ordered versions (in place: s3rver holds this object). */
export function makeObjectWritesAtomic(store: FilesystemStore): void {
  const inOrder = perKeyQueue();
  const get = store.getObject.bind(store);
  const remove = store.deleteObject.bind(store);
  const id = (bucket: string, key: string) => `${bucket}\u0000${key}`;

  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    const md5Path = store.getResourcePath(object.bucket, object.key, 'object.md5');
    const metadataPath = store.getResourcePath(object.bucket, object.key, 'metadata.json');
    // Not ending in `._S3rver_object`, so a listing never shows a write in progress.
    const temporary = `${objectPath}.${randomBytes(6).toString('hex')}.writing`;
    await mkdir(dirname(objectPath), { recursive: true });
    const written = await writeContent(`${temporary}.object`, object.content);
    await writeFile(`${temporary}.md5`, written.md5);
    await writeFile(`${temporary}.metadata`, JSON.stringify(storedMetadata(object.metadata), null, 2));
    await inOrder(id(object.bucket, object.key), async () => {
      await rename(`${temporary}.object`, objectPath);
      await rename(`${temporary}.md5`, md5Path);
      await rename(`${temporary}.metadata`, metadataPath);
    });
    return written;
  };
  // s3rver resolves a get once the file is open: from then on the reader holds that file, whatever is renamed over it.
  store.getObject = (bucket, key, options) => inOrder(id(bucket, key), () => get(bucket, key, options));
  store.deleteObject = (bucket, key) => inOrder(id(bucket, key), () => remove(bucket, key));
}
