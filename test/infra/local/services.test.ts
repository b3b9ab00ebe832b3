import { describe, expect, it } from 'vitest';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { dynamoDbClientFor, s3ClientFor, startLocalServices } from '../../../infra/local/services.ts';
import { table } from '../../../infra/definitions.ts';
import { isRunning } from '../../support/is-running.ts';

describe('local services', () => {
  it('create the table as the stack defines it and the bucket, then stop without leaving java behind', async () => {
    const services = await startLocalServices({ stage: 'svc-test' });
    try {
      const dynamo = dynamoDbClientFor(services.dynamoDbEndpoint);
      const described = (await dynamo.send(new DescribeTableCommand({ TableName: services.tableName }))).Table!;
      expect(described.KeySchema).toEqual([
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(described.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      expect(described.LatestStreamArn).toBeTruthy();
      const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: services.tableName }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe(table.ttlAttribute);
      await expect(s3ClientFor(services.s3Endpoint).send(new HeadBucketCommand({ Bucket: services.bucketName }))).resolves.toBeDefined();
      expect(isRunning(services.dynamoDbPid)).toBe(true);
    } finally {
      await services.stop();
    }
    expect(isRunning(services.dynamoDbPid)).toBe(false);
  });

  it('tell listeners about each object written, as S3 event notifications do, and stop telling once a listener is off', async () => {
    const services = await startLocalServices({ stage: 'svc-events' });
    const seen: { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number } } }[] = [];
    const listener = (event: { Records?: typeof seen }) => seen.push(...(event.Records ?? []));
    try {
      const s3 = s3ClientFor(services.s3Endpoint);
      services.objectEvents.on('event', listener);
      await s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'inbox/a story.txt', Body: 'twelve bytes' }));
      services.objectEvents.off('event', listener);
      await s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'inbox/unheard.txt', Body: 'x' }));
      expect(seen).toEqual([
        expect.objectContaining({
          eventName: 'ObjectCreated:Put',
          s3: expect.objectContaining({
            bucket: expect.objectContaining({ name: services.bucketName }),
            object: expect.objectContaining({ key: 'inbox/a story.txt', size: 12 }),
          }),
        }),
      ]);
    } finally {
      await services.stop();
    }
  });

  it('say that Java is missing when it is', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startLocalServices()).rejects.toThrow(/Java 17.*`java` was not found/);
    } finally {
      process.env.PATH = path;
    }
  });
});
