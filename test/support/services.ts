/**
 * How a test file reaches DynamoDB Local and s3rver (started once by
 * test/global-setup.ts). Each call creates a table and a bucket of its own,
 * named after the caller, and points this worker's environment at them, so
 * test files running side by side never see each other's items and "leaves no
 * trace" can be checked by scanning the whole table and listing the whole bucket.
 *
 *   const services = await useLocalServices('ingest-handler');
 *   // process.env now has TABLE_NAME, BUCKET_NAME, AWS_ENDPOINT_URL_* ...
 *   // functions/commons/clients/* build their clients from it on first use.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import {
  createBucket,
  createTable,
  documentsFor,
  dynamoDbClientFor,
  localServicesEnv,
  s3ClientFor,
} from '../../infra/local/services.ts';

export interface TestServices {
  tableName: string;
  bucketName: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /**
   * Clients of the test's own (not the code under test's), for arranging and inspecting state: the SDK's
   * low-level one for table administration, and the functions' own document client (dynamo-documents.ts).
   */
  dynamoDb: DynamoDBClient;
  documents: DynamoDocuments;
  s3: S3Client;
  /** Every item in the table. */
  scanAll(): Promise<Record<string, unknown>[]>;
  /** Every object key in the bucket. */
  listKeys(prefix?: string): Promise<string[]>;
}

export async function useLocalServices(label: string): Promise<TestServices> {
  const provided = inject('services');
  const suffix = `${label.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 30)}-${randomBytes(4).toString('hex')}`;
  const tableName = `test-${suffix}`;
  const bucketName = `test-${suffix}`;
  const dynamoDb = dynamoDbClientFor(provided.dynamoDbEndpoint);
  const s3 = s3ClientFor(provided.s3Endpoint);
  await createTable(dynamoDb, tableName);
  await createBucket(s3, bucketName);
  Object.assign(process.env, localServicesEnv({ ...provided, tableName, bucketName }));
  const documents = documentsFor(provided.dynamoDbEndpoint);

  return {
    tableName,
    bucketName,
    dynamoDbEndpoint: provided.dynamoDbEndpoint,
    s3Endpoint: provided.s3Endpoint,
    dynamoDb,
    documents,
    s3,
    async scanAll() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
  };
}
