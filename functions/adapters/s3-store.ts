/**
 * The bucket, as the ingest path uses it: originals under `raw/`, each
 * version's Article JSON and ninjs under `articles/{id}/`, and the inbox.
 *
 * Keys are derived from what is stored (article id, version, a hash of the
 * original bytes), never from time or randomness, so a retried request writes
 * the very same keys and a failed one knows exactly which objects to remove.
 */
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
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
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
  ) {}

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

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
      const bytes = await result.Body!.transformToByteArray();
      return result.ContentType ? { bytes, contentType: result.ContentType } : { bytes };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucketName, Key: key, Body: body, ContentType: contentType }));
  }

  async move(from: string, to: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({ Bucket: this.bucketName, Key: to, CopySource: `${this.bucketName}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }),
    );
    await this.delete([from]);
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.s3.send(
      new DeleteObjectsCommand({ Bucket: this.bucketName, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
  }
}
