import { describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('commons-s3');
// Imported after the environment points at the local services, as a Lambda container would see it.
const { s3Client } = await import('#commons/clients/s3.ts');
const { bucketName } = await import('#commons/env.ts');

describe('the S3 client built from the environment', () => {
  it('reaches s3rver through AWS_ENDPOINT_URL_S3 with path-style addressing: bytes put are the bytes got, unframed', async () => {
    const body = JSON.stringify({ headline: 'Ünïcode survives', n: 1 });
    await s3Client().send(new PutObjectCommand({ Bucket: bucketName(), Key: 'articles/x/v1.json', Body: body, ContentType: 'application/json' }));
    const got = await s3Client().send(new GetObjectCommand({ Bucket: bucketName(), Key: 'articles/x/v1.json' }));
    expect(await got.Body!.transformToString()).toBe(body);
    expect(got.ContentType).toBe('application/json');
    expect(await services.listKeys()).toEqual(['articles/x/v1.json']);
  });

  it('is built once per container', () => {
    expect(s3Client()).toBe(s3Client());
  });
});
