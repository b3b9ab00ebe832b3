import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../infra/local/api/server.ts';
import { FileWriter } from '../../../functions/publish/file-writer.ts';
import { S3FeedFiles } from '../../../functions/publish/s3-feed-files.ts';
import { s3Objects } from '../../../functions/commons/clients/s3-objects.ts';
import type { LambdaHandler } from '../../../infra/local/lambda/context.ts';
import { useLocalServices, type TestServices } from '../../support/services.ts';

let services: TestServices;
let api: ApiServer;
const received: APIGatewayProxyEventV2[] = [];
const ready = { services: true, streamPoller: true };

/** A function that records its event and answers according to the path, standing in for a real handler's contract. */
const recorder: LambdaHandler<APIGatewayProxyEventV2> = async (event) => {
  received.push(event);
  if (event.rawPath === '/articles/boom') throw new Error('handler blew up');
  if (event.rawPath === '/articles/plain') return { ok: true };
  return { statusCode: event.routeKey === 'POST /articles' ? 201 : 200, headers: { 'Content-Type': 'application/json', 'X-Custom': 7 }, cookies: ['a=1', 'b=2'], body: JSON.stringify({ route: event.routeKey }) };
};

beforeAll(async () => {
  services = await useLocalServices('api-server');
  api = await startApiServer({
    port: 0,
    functions: async () => recorder,
    s3: services.s3,
    bucket: services.bucketName,
    readiness: () => ({ ...ready }),
    hubUrl: 'https://hub.example.com/',
  });
});
afterAll(() => api.close());

const last = () => received.at(-1)!;

describe('API routes: API Gateway v2 events in, results out', () => {
  it('passes a text body as text, lowercases headers and fills the request context', async () => {
    const res = await fetch(`${api.url}/articles`, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8', Authorization: 'Bearer k', 'X-Multi': 'one' }, body: 'OpsLens\n\nHeadline' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ route: 'POST /articles' });
    expect(res.headers.get('x-custom')).toBe('7');
    expect(res.headers.get('apigw-requestid')).toBe(last().requestContext.requestId);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(last()).toMatchObject({
      version: '2.0',
      routeKey: 'POST /articles',
      rawPath: '/articles',
      body: 'OpsLens\n\nHeadline',
      isBase64Encoded: false,
      headers: expect.objectContaining({ 'content-type': 'text/plain; charset=utf-8', authorization: 'Bearer k', 'x-multi': 'one' }),
      requestContext: expect.objectContaining({ stage: '$default', routeKey: 'POST /articles', http: expect.objectContaining({ method: 'POST', path: '/articles', sourceIp: '127.0.0.1' }) }),
    });
  });

  it('base64-encodes a binary body', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await fetch(`${api.url}/articles`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(last().isBase64Encoded).toBe(true);
    expect(Buffer.from(last().body!, 'base64')).toEqual(bytes);
  });

  it('binds path parameters on whole segments and joins repeated query parameters', async () => {
    await fetch(`${api.url}/articles/a%20b.ninjs?tag=oir&tag=syria&limit=5`);
    expect(last()).toMatchObject({
      routeKey: 'GET /articles/{id}',
      pathParameters: { id: 'a b.ninjs' },
      rawQueryString: 'tag=oir&tag=syria&limit=5',
      queryStringParameters: { tag: 'oir,syria', limit: '5' },
    });
  });

  it('treats a result without statusCode as a 200 JSON body', async () => {
    const res = await fetch(`${api.url}/articles/plain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 500 in the contract error shape when the function throws', async () => {
    const res = await fetch(`${api.url}/articles/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal_error', message: expect.stringContaining('ingest') } });
  });

  it('answers 404 for an unknown path and 405 with Allow for a known path with another method', async () => {
    const missing = await fetch(`${api.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'route_not_found' } });
    const wrong = await fetch(`${api.url}/partners`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('answers /health with 503 naming the parts not ready, and asks the ingest function once all are', async () => {
    ready.streamPoller = false;
    const starting = await fetch(`${api.url}/health`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ error: { code: 'not_ready', message: expect.stringContaining('streamPoller') }, parts: { services: true, streamPoller: false } });
    ready.streamPoller = true;
    const healthy = await fetch(`${api.url}/health`);
    expect(healthy.status).toBe(200);
    expect(last().routeKey).toBe('GET /health');
  });
});

/** fetch hides 304 details behind its cache rules; a raw request shows exactly what the server sent. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('feeds served from the bucket', () => {
  // Above the 1,000 bytes CloudFront compresses from.
  const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${'t'.repeat(1000)}</title></channel></rss>`;
  beforeAll(async () => {
    await services.s3.send(
      new PutObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.rss', Body: rss, ContentType: 'application/rss+xml; charset=utf-8', CacheControl: 'public, max-age=60' }),
    );
  });

  it('serves the stored bytes with Content-Type, Cache-Control, ETag and Last-Modified', async () => {
    const res = await get('/feeds/all.rss');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(rss);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(String(res.headers['last-modified'])).getTime()).not.toBeNaN();
  });

  it('lets web readers fetch feeds (CORS) and names the hub and the feed itself in Link headers, as CloudFront does', async () => {
    const res = await get('/feeds/all.rss');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toBe('ETag, Last-Modified, Link');
    expect(res.headers.link).toBe(`<https://hub.example.com/>; rel="hub", <${api.url}/feeds/all.rss>; rel="self"`);
  });

  it('answers 304 to a matching If-None-Match, and 200 to a stale one', async () => {
    const { headers } = await get('/feeds/all.rss');
    const again = await get('/feeds/all.rss', { 'if-none-match': String(headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(headers.etag);
    expect((await get('/feeds/all.rss', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, 200 before it', async () => {
    const { headers } = await get('/feeds/all.rss');
    const lastModified = String(headers['last-modified']);
    expect((await get('/feeds/all.rss', { 'if-modified-since': lastModified })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get('/feeds/all.rss', { 'if-modified-since': before })).status).toBe(200);
  });

  it('gzips for clients that accept it, and HEAD sends headers only', async () => {
    const zipped = await get('/feeds/all.rss', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toBe(rss);
    const head = await get('/feeds/all.rss', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(rss)));
  });

  it('serves Atom and JSON Feed, as publish stores them, compressed as CloudFront compresses them and with their own media types; plain to others', async () => {
    const atom = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${'t'.repeat(2000)}</title></feed>`;
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'j'.repeat(2000), items: [] });
    const writer = new FileWriter(new S3FeedFiles(s3Objects(services.bucketName)), 'public, max-age=60, s-maxage=0');
    await writer.write({ key: 'feeds/all.atom', body: atom, contentType: 'application/atom+xml; charset=utf-8' }, () => undefined, {});
    await writer.write({ key: 'feeds/all.json', body: json, contentType: 'application/feed+json; charset=utf-8' }, () => undefined, {});
    // Stored under the generic types CloudFront compresses; no twin beside them.
    expect((await services.s3.send(new HeadObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.atom' }))).ContentType).toBe('application/xml; charset=utf-8');
    expect((await services.s3.send(new HeadObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.json' }))).ContentType).toBe('application/json; charset=utf-8');

    for (const [path, body, type] of [['/feeds/all.atom', atom, 'application/atom+xml; charset=utf-8'], ['/feeds/all.json', json, 'application/feed+json; charset=utf-8']] as const) {
      const plain = await get(path);
      expect(plain.headers).toMatchObject({ 'content-type': type, vary: 'Accept-Encoding' });
      expect(plain.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
      const zipped = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.status).toBe(200);
      // CloudFront makes a strong ETag weak on a body it compressed.
      expect(zipped.headers).toMatchObject({ 'content-encoding': 'gzip', 'content-type': type, etag: `W/${plain.headers.etag}`, vary: 'Accept-Encoding' });
      expect(gunzipSync(zipped.body).toString()).toBe(body);
      expect(zipped.body.length).toBeLessThan(Buffer.byteLength(body) / 4);
      expect(zipped.headers.link).toContain(`<${api.url}${path}>; rel="self"`);
      for (const etag of [String(zipped.headers.etag), String(plain.headers.etag)]) {
        const revalidated = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
        expect(revalidated.status, etag).toBe(304);
        expect(revalidated.headers.etag).toBe(zipped.headers.etag);
      }
      for (const refused of [undefined, 'br', 'gzip;q=0', 'gzip;q=0, *']) {
        const res = await get(path, refused === undefined ? {} : { 'accept-encoding': refused });
        expect(res.headers['content-encoding'], String(refused)).toBeUndefined();
        expect(res.body.toString(), String(refused)).toBe(body);
      }
    }
    expect((await get('/feeds/all.rss', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('leaves a body under 1,000 bytes uncompressed, as CloudFront does', async () => {
    await services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'feeds/tags/tiny.rss', Body: '<rss version="2.0"/>', ContentType: 'application/rss+xml; charset=utf-8' }));
    const res = await get('/feeds/tags/tiny.rss', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('<rss version="2.0"/>');
  });

  it('answers 403 for a gzip twin older versions stored, as the bucket policy keeps them from CloudFront', async () => {
    await services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.atom.gz', Body: 'old', ContentType: 'application/atom+xml', ContentEncoding: 'gzip' }));
    expect((await get('/feeds/all.atom.gz')).status).toBe(403);
    const head = await get('/feeds/all.atom.gz', {}, 'HEAD');
    expect(head.status).toBe(403);
    expect(head.body.length).toBe(0);
  });

  it('answers 404 for a missing feed and for paths that try to leave feeds/', async () => {
    expect((await get('/feeds/tags/nothing.rss')).status).toBe(404);
    expect((await get('/feeds/..%2Fraw%2Fsecret.txt')).status).toBe(404);
    expect((await get('/feeds/all.rss', {}, 'DELETE')).status).toBe(405);
  });

  it('answers 400 for a NUL or a malformed escape in a feed path, 414 for one longer than an S3 key', async () => {
    const nul = await get('/feeds/all.json%00.rss');
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.body.toString())).toMatchObject({ error: { code: 'invalid_path' } });
    expect((await get('/feeds/all%E0%A4%A.rss')).status).toBe(400);
    const long = await get(`/feeds/tags/${'a'.repeat(1100)}.rss`);
    expect(long.status).toBe(414);
    expect((await get(`/feeds/tags/${'a'.repeat(1100)}.rss`, {}, 'HEAD')).status).toBe(414);
  });
});

describe('paths and methods', () => {
  it('answers 400 invalid_path for a malformed escape or an over-long id, without invoking the function', async () => {
    const calls = received.length;
    for (const path of ['/articles/%E0%A4%A', '/articles/%ff', '/articles/%', '/articles/%zz', `/subscriptions/${'a'.repeat(3000)}/replay`]) {
      const res = await get(path, {}, path.endsWith('replay') ? 'POST' : 'GET');
      expect(res.status, path.slice(0, 40)).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'invalid_path' } });
    }
    expect(received.length).toBe(calls);
  });

  it('answers HEAD wherever GET works: the GET route, its headers and length, no body', async () => {
    const got = await get('/articles/abc');
    const head = await get('/articles/abc', {}, 'HEAD');
    expect(head.status).toBe(got.status);
    expect(last().routeKey).toBe('GET /articles/{id}');
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(got.body.length));
    expect((await get('/health', {}, 'HEAD')).status).toBe(200);
    const post = await get('/partners', {}, 'HEAD');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('POST');
  });
});

describe('site pages served from the bucket', () => {
  const html = '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head><body></body></html>\n';
  beforeAll(async () => {
    const put = (Key: string, Metadata?: Record<string, string>) =>
      services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key, Body: html, ContentType: 'text/html; charset=utf-8', CacheControl: 'public, max-age=60', ...(Metadata ? { Metadata } : {}) }));
    await put('pages/index.html');
    await put('pages/articles/gone.html', { 'http-status': '410' });
  });

  it('serves a page with the site’s security headers, and the home page at /pages/', async () => {
    const res = await get('/pages/index.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none';.*script-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/pages/')).body.toString()).toBe(html);
  });

  it('answers a withdrawn article’s page with 410 Gone and the page', async () => {
    const res = await get('/pages/articles/gone.html');
    expect(res.status).toBe(410);
    expect(res.body.toString()).toBe(html);
    expect((await get('/feeds/all.rss')).headers['content-security-policy']).toBeUndefined();
  });

  it('answers 404 for a missing page and for paths that try to leave pages/', async () => {
    expect((await get('/pages/articles/nothing.html')).status).toBe(404);
    expect((await get('/pages/..%2Fraw%2Fsecret.txt')).status).toBe(404);
  });
});
