/**
 * The S3 client, one per container. Endpoint from the SDK's own
 * `AWS_ENDPOINT_URL_S3` (s3rver); unset on AWS.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { lazy } from './lazy.ts';

/**
 * s3rver needs path-style addressing (`S3_FORCE_PATH_STYLE=true`) and rejects
 * nothing about checksums, but with the SDK's default `WHEN_SUPPORTED` it stores
 * streamed bodies with aws-chunked framing; `WHEN_REQUIRED` behaves on both.
 */
export const s3Client = lazy(
  () =>
    new S3Client({
      forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
);
