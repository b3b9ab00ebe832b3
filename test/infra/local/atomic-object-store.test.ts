import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3ClientFor, startLocalServices, type LocalServices } from '../../../infra/local/services.ts';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('the local S3 (s3rver with atomic object writes)', () => {
  let services: LocalServices;
  let s3: S3Client;
  beforeAll(async () => {
    services = await startLocalServices({ stage: 'atomic-s3' });
    s3 = s3ClientFor(services.s3Endpoint);
  });
  afterAll(() => services.stop());

  it('never answers a GET racing rewrites of the object with a mix of two versions or a cut-short body', async () => {
    const versions = [Buffer.alloc(180_000, 'a'), Buffer.alloc(420_000, 'b'), Buffer.alloc(90_000, 'c')];
    const key = 'feeds/race.json';
    const put = (body: Buffer) =>
      s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: key, Body: body, ContentType: 'application/feed+json', Metadata: { sha256: md5(body) } }));
    await put(versions[0]!);

    const writes = (async () => {
      for (let round = 0; round < 24; round += 1) await put(versions[round % versions.length]!);
    })();
    const reads = Array.from({ length: 48 }, async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
      const body = await object.Body!.transformToByteArray();
      return { body: Buffer.from(body), length: object.ContentLength, stored: object.Metadata?.sha256 };
    });
    const [, ...answers] = await Promise.all([writes, ...reads]);

    for (const answer of answers) {
      expect(versions.some((version) => version.equals(answer.body))).toBe(true);
      expect(answer.length).toBe(answer.body.length);
      expect(answer.stored).toBe(md5(answer.body));
    }
  });

  it('never lists a write in progress', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: `feeds/listed/${i % 3}.xml`, Body: Buffer.alloc(50_000 + i, 'x') })),
      ),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: services.bucketName, Prefix: 'feeds/listed/' }));
    expect((listed.Contents ?? []).map((object) => object.Key).sort()).toEqual(['feeds/listed/0.xml', 'feeds/listed/1.xml', 'feeds/listed/2.xml']);
  });
});
