import { describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('commons-clients');
// Imported after the environment points at the local services, as a Lambda container would see it.
const clients = await import('#commons/clients.ts');

describe('container clients built from the environment', () => {
  it('reach DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB: an item put is the item got', async () => {
    const item = { pk: 'ROUNDTRIP#1', sk: 'LATEST', headline: 'Bridge reopens — “at last”', optional: undefined };
    await clients.documentClient().send(new PutCommand({ TableName: clients.tableName(), Item: item }));
    const got = await clients.documentClient().send(new GetCommand({ TableName: clients.tableName(), Key: { pk: 'ROUNDTRIP#1', sk: 'LATEST' } }));
    expect(got.Item).toEqual({ pk: 'ROUNDTRIP#1', sk: 'LATEST', headline: 'Bridge reopens — “at last”' });
  });

  it('reach s3rver through AWS_ENDPOINT_URL_S3 with path-style addressing: bytes put are the bytes got, unframed', async () => {
    const body = JSON.stringify({ headline: 'Ünïcode survives', n: 1 });
    await clients.s3Client().send(new PutObjectCommand({ Bucket: clients.bucketName(), Key: 'articles/x/v1.json', Body: body, ContentType: 'application/json' }));
    const got = await clients.s3Client().send(new GetObjectCommand({ Bucket: clients.bucketName(), Key: 'articles/x/v1.json' }));
    expect(await got.Body!.transformToString()).toBe(body);
    expect(got.ContentType).toBe('application/json');
    expect(await services.listKeys()).toEqual(['articles/x/v1.json']);
  });

  it('are built once per container', () => {
    expect(clients.documentClient()).toBe(clients.documentClient());
    expect(clients.s3Client()).toBe(clients.s3Client());
  });
});
