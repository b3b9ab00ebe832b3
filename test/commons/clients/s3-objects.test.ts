/**
 * The signer-only S3 calls: what s3rver stores through them (bytes, type, cache policy, metadata) is
 * what the S3 client reads back (and the reverse), S3's refusals arrive as named errors, and throttling or a server error is retried as the
 * SDK's standard retry strategy does. Refusals a real s3rver cannot be made to give come from a
 * loopback server that answers as S3 does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Objects, s3Objects } from '#commons/clients/s3-objects.ts';
import { AwsCallFailed } from '#commons/clients/signed-requests.ts';
import { scriptedAws, type ScriptedAnswer, type ScriptedAws } from '../../support/scripted-aws.ts';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('commons-s3-objects');
const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret' });

/** A loopback server answering each request with the next of `answers`; records what it was sent. */
async function fakeS3(answers: ScriptedAnswer[]) {
  const s3 = await scriptedAws(answers, 'application/xml');
  servers.push(s3);
  return {
    endpoint: s3.endpoint,
    get seen() {
      return s3.seen.map((s) => s.request);
    },
  };
}
const servers: ScriptedAws[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

const error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

describe('S3 calls signed with the SDK signer', () => {
  const objects = s3Objects(services.bucketName);

  it('stores bytes the S3 client reads back unchanged, and reads what the S3 client stored', async () => {
    const body = JSON.stringify({ headline: 'Ünïcode survives', n: 1 });
    await objects.putObject('articles/x/v1.json', body, 'application/json');
    const got = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: 'articles/x/v1.json' }));
    expect(await got.Body!.transformToString()).toBe(body);
    expect(got.ContentType).toBe('application/json');

    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'raw/x/v1-bytes.bin', Body: bytes, ContentType: 'application/octet-stream' }));
    expect(await objects.getObject('raw/x/v1-bytes.bin')).toEqual({ bytes: new Uint8Array(bytes), contentType: 'application/octet-stream' });
  });

  it('stores a feed file with its cache policy and metadata as the S3 client sees them, and heads them back', async () => {
    await objects.putObject('feeds/all.json', '{"items":[]}', 'application/json; charset=utf-8', { cacheControl: 'public, max-age=60', metadata: { 'content-sha256': 'ab12', 'http-status': '410' } });
    const seen = await services.s3.send(new HeadObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.json' }));
    expect([seen.ContentType, seen.CacheControl, seen.Metadata]).toEqual(['application/json; charset=utf-8', 'public, max-age=60', { 'content-sha256': 'ab12', 'http-status': '410' }]);
    expect(await objects.headObject('feeds/all.json')).toEqual({ contentType: 'application/json; charset=utf-8', metadata: { 'content-sha256': 'ab12', 'http-status': '410' } });

    await services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'pages/a.html', Body: '<p>', ContentType: 'text/html', Metadata: { 'Content-SHA256': 'cd34' } }));
    expect(await objects.headObject('pages/a.html')).toEqual({ contentType: 'text/html', metadata: { 'content-sha256': 'cd34' } });
  });

  it('answers undefined for a missing key, and deleting one is no error', async () => {
    expect(await objects.headObject('never/stored.json')).toBeUndefined();
    expect(await objects.getObject('never/stored.json')).toBeUndefined();
    await expect(objects.deleteObject('never/stored.json')).resolves.toBeUndefined();
  });

  it('is one instance per bucket for the container', () => {
    expect(s3Objects(services.bucketName)).toBe(objects);
  });

  it('names what S3 refused, without retrying a refusal', async () => {
    const s3 = await fakeS3([{ status: 403, body: error('AccessDenied', 'Access Denied') }]);
    const client = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
    const refused = await client.putObject('a.json', '{}', 'application/json').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AwsCallFailed);
    expect(refused).toMatchObject({ operation: 'PutObject', code: 'AccessDenied', status: 403 });
    expect(s3.seen).toHaveLength(1);
  });

  it('names a refused HEAD by its status, as the S3 client does (its answer has no body)', async () => {
    const s3 = await fakeS3([{ status: 403 }]);
    const client = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
    await expect(client.headObject('feeds/all.json')).rejects.toMatchObject({ operation: 'HeadObject', code: 'Http403', status: 403 });
    expect(s3.seen.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('retries throttling and server errors, then succeeds', async () => {
    const s3 = await fakeS3([{ status: 503, body: error('SlowDown', 'Please reduce your request rate.') }, { status: 500, body: error('InternalError', 'try again') }, { status: 200 }]);
    const client = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
    await client.putObject('a.json', '{}', 'application/json');
    expect(s3.seen).toHaveLength(3);
    const head = await fakeS3([{ status: 503 }, { status: 200 }]);
    const heading = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: head.endpoint, forcePathStyle: true, credentials });
    expect(await heading.headObject('a.json')).toEqual({ contentType: 'application/xml', metadata: {} });
    expect(head.seen).toHaveLength(2);
  });

  it('gives up after the attempts allowed, with the last failure', async () => {
    const s3 = await fakeS3([{ status: 500, body: error('InternalError', 'still failing') }]);
    const client = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials, maxAttempts: 2 });
    await expect(client.getObject('a.json')).rejects.toMatchObject({ code: 'InternalError', status: 500 });
    expect(s3.seen).toHaveLength(2);
  });

  it('reports a copy that S3 answers 200 with an error in its body', async () => {
    const s3 = await fakeS3([{ status: 200, body: error('InternalError', 'copy failed half-way') }]);
    const client = new S3Objects({ bucket: 'b', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
    await expect(client.copyObject('inbox/a b.txt', 'done/a b.txt')).rejects.toMatchObject({ operation: 'CopyObject', code: 'InternalError' });
    expect(s3.seen[0]!.headers['x-amz-copy-source']).toBe('/b/inbox/a%20b.txt');
  });

  it('signs every request, addressing the bucket in the path when path style is asked for', async () => {
    const s3 = await fakeS3([{ status: 204 }]);
    const pathStyle = new S3Objects({ bucket: 'my-bucket', region: 'eu-west-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
    await pathStyle.deleteObject('feeds/a+b.json');
    const request = s3.seen.at(-1)!;
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe('/my-bucket/feeds/a%2Bb.json');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(request.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('addresses the bucket by host name on AWS (virtual-hosted style)', () => {
    const client = new S3Objects({ bucket: 'my-bucket', region: 'eu-west-1', credentials });
    expect(client.urlOf('feeds/a b.json')).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/feeds/a%20b.json');
  });
});
