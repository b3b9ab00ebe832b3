/**
 * Rendered feeds and pages in the bucket under `feeds/` and `pages/`. The SHA-256 of the body is kept
 * as object metadata: the ETag cannot serve, since with KMS encryption it is
 * not an MD5 of the content, and comparing hashes needs only a HEAD.
 */
import { HeadObjectCommand, NotFound, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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

export class S3FeedFiles implements FeedFileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
  ) {}

  async storedHash(key: string): Promise<string | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucketName, Key: key }));
      return head.Metadata?.[HASH_METADATA];
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  async write(file: FeedFile): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: file.key,
        Body: typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body,
        ContentType: file.contentType,
        CacheControl: file.cacheControl,
        Metadata: { [HASH_METADATA]: file.hash, ...(file.status && file.status !== 200 ? { [STATUS_METADATA]: String(file.status) } : {}) },
      }),
    );
  }
}
