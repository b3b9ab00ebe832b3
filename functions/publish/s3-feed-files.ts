/**
 * Rendered feeds and pages in the bucket under `feeds/` and `pages/`. The SHA-256 of the body is kept
 * as object metadata: the ETag cannot serve, since with KMS encryption it is
 * not an MD5 of the content, and comparing hashes needs only a HEAD.
 */
import type { S3Objects } from '#commons/clients/s3-objects.ts';
import type { FeedFile, FeedFileStore } from './ports.ts';

/** User metadata key (sent as `x-amz-meta-content-sha256`). */
export const HASH_METADATA = 'content-sha256';
/**
 * User metadata key of the HTTP status a file is served with when it is not 200
 * (`x-amz-meta-http-status: 410` on a withdrawn article's page): S3 cannot answer
 * 410 itself, so CloudFront (infra/cloudfront/page-status.js) and the local feed
 * server read it from here.
 */
export const STATUS_METADATA = 'http-status';

/** On the bucket's object calls (the signed requests: #commons/clients/s3-objects.ts). */
export class S3FeedFiles implements FeedFileStore {
  constructor(private readonly objects: Pick<S3Objects, 'headObject' | 'putObject'>) {}

  async storedHash(key: string): Promise<string | undefined> {
    return (await this.objects.headObject(key))?.metadata[HASH_METADATA];
  }

  async write(file: FeedFile): Promise<void> {
    await this.objects.putObject(file.key, file.body, file.contentType, {
      cacheControl: file.cacheControl,
      metadata: { [HASH_METADATA]: file.hash, ...(file.status && file.status !== 200 ? { [STATUS_METADATA]: String(file.status) } : {}) },
    });
  }
}
