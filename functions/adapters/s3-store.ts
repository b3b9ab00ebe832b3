/**
 * The bucket, as the ingest path uses it: originals under `raw/`, each
 * version's Article JSON and ninjs under `articles/{id}/`, and the inbox.
 *
 * Keys are derived from what is stored (article id, version, a hash of the
 * original bytes), never from time or randomness, so a retried request writes
 * the very same keys and a failed one knows exactly which objects to remove.
 */
import { createHash } from 'node:crypto';
import type { Article } from '#core/article/schema.ts';
import { bucket } from '#infra/definitions.ts';
import type { VersionObjects } from './article-item.ts';

export interface RawOriginal {
  bytes: Uint8Array;
  contentType: string;
}

export interface StoredObject {
  bytes: Uint8Array;
  contentType?: string;
}

/**
 * The four object calls the store makes, on one bucket: `S3Objects` (#commons/clients/s3-objects.ts,
 * the SDK's signer without the S3 client) in every function; an interface so tests can fault one.
 */
export interface ObjectCalls {
  /** undefined when there is no such key. */
  getObject(key: string): Promise<StoredObject | undefined>;
  putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** A server-side copy, content type included. */
  copyObject(from: string, to: string): Promise<void>;
  /** A missing key is not an error. */
  deleteObject(key: string): Promise<void>;
}

export interface ContentStore {
  /** The keys `putVersion` writes for this article version and original. */
  keysFor(article: Pick<Article, 'id' | 'version'>, raw: RawOriginal): VersionObjects;
  /** Writes the original and the version's JSON and ninjs; returns their keys. */
  putVersion(article: Article, ninjs: unknown, raw: RawOriginal): Promise<VersionObjects>;
  readArticle(key: string): Promise<Article>;
  get(key: string): Promise<StoredObject | undefined>;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

const extensions: Record<string, string> = {
  'text/plain': 'txt',
  'text/html': 'html',
  'application/json': 'json',
};

/** The keys one version's objects are stored under. */
export function versionObjectKeys(article: Pick<Article, 'id' | 'version'>, raw: RawOriginal): VersionObjects {
  const digest = createHash('sha256').update(raw.bytes).digest('hex').slice(0, 16);
  const mediaType = raw.contentType.split(';')[0]!.trim().toLowerCase();
  const base = `${bucket.prefixes.articles}${article.id}/v${article.version}`;
  return {
    raw: `${bucket.prefixes.raw}${article.id}/v${article.version}-${digest}.${extensions[mediaType] ?? 'bin'}`,
    json: `${base}.json`,
    ninjs: `${base}.ninjs.json`,
  };
}

export class S3ContentStore implements ContentStore {
  constructor(private readonly objects: ObjectCalls) {}

  keysFor(article: Pick<Article, 'id' | 'version'>, raw: RawOriginal): VersionObjects {
    return versionObjectKeys(article, raw);
  }

  async putVersion(article: Article, ninjs: unknown, raw: RawOriginal): Promise<VersionObjects> {
    const keys = versionObjectKeys(article, raw);
    // In parallel: on any failure the caller removes all three keys, whichever of them were written.
    const written = await Promise.allSettled([
      this.put(keys.raw, raw.bytes, raw.contentType),
      this.put(keys.json, JSON.stringify(article), 'application/json'),
      this.put(keys.ninjs, JSON.stringify(ninjs), 'application/json'),
    ]);
    const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed) throw failed.reason;
    return keys;
  }

  async readArticle(key: string): Promise<Article> {
    const object = await this.get(key);
    if (!object) throw new Error(`article object ${key} is missing from the bucket`);
    return JSON.parse(Buffer.from(object.bytes).toString('utf8')) as Article;
  }

  get(key: string): Promise<StoredObject | undefined> {
    return this.objects.getObject(key);
  }

  put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    return this.objects.putObject(key, body, contentType);
  }

  async move(from: string, to: string): Promise<void> {
    await this.objects.copyObject(from, to);
    await this.delete([from]);
  }

  /**
   * One DELETE per key, in parallel, rather than one DeleteObjects: the store removes at most a
   * version's three objects, S3 does not charge for DELETE requests (DeleteObjects is a priced POST),
   * and a plain DELETE needs no XML body or Content-MD5. Every key is tried; the first failure is thrown.
   */
  async delete(keys: readonly string[]): Promise<void> {
    const deleted = await Promise.allSettled(keys.map((key) => this.objects.deleteObject(key)));
    const failed = deleted.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
