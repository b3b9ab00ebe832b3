/**
 * Serves `/feeds/...` and the public site's `/pages/...` from the bucket as
 * CloudFront does on AWS: the stored Content-Type and Cache-Control, ETag and
 * Last-Modified, 304 for If-None-Match (which wins) or If-Modified-Since, gzip
 * when the client accepts it and CloudFront would compress (by the stored
 * type and size; a weak ETag then, as CloudFront turns a strong one weak on a
 * body it compressed), the media type viewers see from the feeds' own
 * viewer-response function (Atom and JSON Feed are stored as application/xml
 * and application/json: functions/publish/edge-media-types.ts), and 403 for a
 * retired gzip twin (`.gz`), which the bucket policy keeps from CloudFront.
 * HEAD without a body. Pages also get the site's
 * security headers (functions/core/site/csp.ts) and the status stored with
 * them (410 for a withdrawn article), as the CloudFront page behaviour gives.
 */
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { HttpResult } from './apigw.ts';
import { errorResult } from './errors.ts';
import { pageSecurityHeaders } from '#core/site/csp.ts';
import { HOME_PAGE_KEY, PAGES_PREFIX } from '#core/site/paths.ts';
import { STATUS_METADATA } from '../../../functions/publish/s3-feed-files.ts';
import { acceptsGzip, compressedAtTheEdge, viewerContentType } from './edge-functions.ts';

export interface FeedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

const header = (headers: FeedRequest['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const weak = (etag: string) => etag.trim().replace(/^W\//, '');

function notModified(request: FeedRequest, etag: string | undefined, lastModified: Date | undefined): boolean {
  const ifNoneMatch = header(request.headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.trim() === '*' || (etag !== undefined && ifNoneMatch.split(',').some((candidate) => weak(candidate) === weak(etag)));
  }
  const ifModifiedSince = header(request.headers, 'if-modified-since');
  if (ifModifiedSince === undefined || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds: compare at that precision.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/** S3 keys stop at 1,024 bytes of UTF-8; CloudFront refuses longer paths before S3 sees them. */
export const MAX_FEED_KEY_BYTES = 1024;

/**
 * The bucket key a feed or page URL names, or the refusal for a path no file can
 * have: a malformed percent-encoding or control characters (400), a key longer
 * than S3 allows (414), anything not plainly under feeds/ or pages/ (404).
 */
export function feedKeyOf(path: string): { key: string } | HttpResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return errorResult(400, 'invalid_path', 'the feed path has a malformed percent-encoding');
  }
  if (/[\u0000-\u001F\u007F-\u009F]/.test(decoded)) return errorResult(400, 'invalid_path', 'the feed path contains control characters');
  // The site's address (`/pages/`) shows its home page, as the distribution's root does on AWS.
  const key = decoded === `/${PAGES_PREFIX}` ? HOME_PAGE_KEY : decoded.replace(/^\//, '');
  if (Buffer.byteLength(key) > MAX_FEED_KEY_BYTES) {
    return errorResult(414, 'path_too_long', `feed paths are limited to ${MAX_FEED_KEY_BYTES} bytes`);
  }
  if (!(key.startsWith('feeds/') || key.startsWith(PAGES_PREFIX)) || key.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return errorResult(404, 'feed_not_found', `no feed or page at ${path.slice(0, 200)}`);
  }
  return { key };
}

/** Only a stored 410 changes the status: anything else in the metadata is not ours to serve. */
const storedStatus = (metadata: Record<string, string> | undefined) => (metadata?.[STATUS_METADATA] === '410' ? 410 : 200);

/**
 * What the feeds behaviour adds on AWS: `Access-Control-Allow-Origin: *` (the
 * response headers policy), so web readers can fetch feeds, and, with a hub,
 * the WebSub `Link` headers (infra/cloudfront/feed-response.js), self being the
 * URL the request was sent to.
 */
export function feedHeaders(request: FeedRequest, hubUrl: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag, Last-Modified, Link' };
  const host = header(request.headers, 'host');
  if (hubUrl && host) headers.link = `<${hubUrl}>; rel="hub", <http://${host}${request.path}>; rel="self"`;
  return headers;
}

export interface FeedServerOptions {
  /** The WebSub hub feeds advertise (WEBSUB_HUB_URL), for the `Link` headers. */
  hubUrl?: string | undefined;
}

export async function serveFeed(s3: S3Client, bucket: string, request: FeedRequest, options: FeedServerOptions = {}): Promise<HttpResult> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResult(405, 'method_not_allowed', 'feeds are read-only: use GET or HEAD', { allow: 'GET, HEAD' });
  }
  const found = feedKeyOf(request.path);
  if (!('key' in found)) return request.method === 'HEAD' ? { ...found, body: Buffer.alloc(0) } : found;
  const { key } = found;
  // The stateful stack's bucket policy denies CloudFront the gzip twins older versions stored (stateful-stack.ts).
  if (key.startsWith('feeds/') && key.endsWith('.gz')) {
    const refused = errorResult(403, 'feed_not_served', 'retired gzip twins are not served: ask for the feed itself, with Accept-Encoding: gzip');
    return request.method === 'HEAD' ? { ...refused, body: Buffer.alloc(0) } : refused;
  }
  let object;
  try {
    object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (!(error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')) throw error;
  }
  if (!object) return errorResult(404, 'feed_not_found', `no feed at ${request.path} (feeds appear once an article in them is published)`);
  const storedType = object.ContentType ?? 'application/octet-stream';
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  const gzip = acceptsGzip(header(request.headers, 'accept-encoding')) && compressedAtTheEdge(storedType, bytes.length, object.ContentEncoding);
  const headers: Record<string, string> = {
    'content-type': viewerContentType(`/${key}`, storedType),
    'cache-control': object.CacheControl ?? 'public, max-age=60',
    vary: 'Accept-Encoding',
  };
  if (key.startsWith(PAGES_PREFIX)) Object.assign(headers, pageSecurityHeaders);
  else if (storedStatus(object.Metadata) === 200) Object.assign(headers, feedHeaders(request, options.hubUrl));
  // CloudFront sends a body it compressed with the strong ETag made weak; If-None-Match compares weakly either way.
  if (object.ETag) headers.etag = gzip && object.ETag.startsWith('"') ? `W/${object.ETag}` : object.ETag;
  if (object.LastModified) headers['last-modified'] = object.LastModified.toUTCString();
  if (notModified(request, object.ETag, object.LastModified)) {
    delete headers['content-type'];
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  const body = gzip ? gzipSync(bytes) : bytes;
  if (object.ContentEncoding || gzip) headers['content-encoding'] = object.ContentEncoding ?? 'gzip';
  headers['content-length'] = String(body.length);
  return { status: storedStatus(object.Metadata), headers, body: request.method === 'HEAD' ? Buffer.alloc(0) : body };
}
