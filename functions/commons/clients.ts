/**
 * The one composition module for AWS clients: each is built on first use and
 * then reused for the life of the container (a Lambda execution environment,
 * a local-runtime process, a vitest worker), so connections and credentials
 * are set up once, not per invocation.
 *
 * Everything comes from the environment. The SDK itself honours
 * `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SQS`
 * (and the generic `AWS_ENDPOINT_URL`), which point the clients at DynamoDB
 * Local and s3rver; on AWS those are unset and the defaults apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env as envNames } from '#infra/definitions.ts';

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** The low-level client: for table administration and for fault-injection middleware in tests. */
export const dynamoDbClient = lazy(() => new DynamoDBClient({}));

/**
 * Marshals plain JS objects. `removeUndefinedValues` because optional Article
 * fields are absent, not null; `convertClassInstanceToMap` is left off on purpose.
 */
export const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

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

export const sqsClient = lazy(() => new SQSClient({}));
export const schedulerClient = lazy(() => new SchedulerClient({}));
export const secretsManagerClient = lazy(() => new SecretsManagerClient({}));

/** A required environment variable, with a message that names it when it is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const tableName = (): string => requiredEnv(envNames.tableName);
export const bucketName = (): string => requiredEnv(envNames.bucketName);
