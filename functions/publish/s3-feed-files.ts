/**
 * Rendered feeds in the bucket under `feeds/`. The SHA-256 of the body is kept
 * as object metadata: the ETag cannot serve, since with KMS encryption it is
 * not an MD5 of the content, and comparing hashes needs only a HEAD.
 */
import { HeadObjectCommand, NotFound, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FeedFile, FeedFileStore } from './ports.ts';

/** User metadata key (sent as `x-amz-meta-content-sha256`). */
export const HASH_METADATA = 'content-sha256';

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
        Metadata: { [HASH_METADATA]: file.hash },
      }),
    );
  }
}
