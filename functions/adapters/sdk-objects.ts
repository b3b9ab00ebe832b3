/**
 * The content store's object calls through `@aws-sdk/client-s3`, for a function that bundles the S3
 * client anyway (publish writes its feed files with it): there the signer-only `S3Objects` would be
 * more code, not less.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectCalls, StoredObject } from './s3-store.ts';

export class SdkObjects implements ObjectCalls {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async getObject(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = await result.Body!.transformToByteArray();
      return result.ContentType ? { bytes, contentType: result.ContentType } : { bytes };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async copyObject(from: string, to: string): Promise<void> {
    await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }));
  }

  async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
