/**
 * Gzip twins for the feed files CloudFront will not compress.
 *
 * CloudFront compresses only responses whose Content-Type is on a fixed list
 * (Developer Guide, "Serve compressed files" → "File types that CloudFront
 * compresses"). `application/rss+xml`, `text/html` and `application/json` are
 * on it; `application/atom+xml` and `application/feed+json` are not, so Atom
 * and JSON Feed (about 112 KB and 161 KB for 50 items) would reach readers
 * uncompressed. Publish therefore stores, beside each such file, a gzip copy
 * under the same key plus `.gz` with `Content-Encoding: gzip`; the feeds
 * behaviour's viewer-request function (infra/cloudfront/feed-encoding.js)
 * serves it to clients whose Accept-Encoding allows gzip, and everyone else
 * gets the plain file as before. CloudFront never re-compresses a response
 * that already has a Content-Encoding.
 */
import { gzipSync } from 'node:zlib';
import type { FeedFile } from './ports.ts';

/** The documented list, as far as it concerns text we could publish (fonts and streaming types left out). */
export const EDGE_COMPRESSED_TYPES: ReadonlySet<string> = new Set([
  'application/dash+xml', 'application/javascript', 'application/json', 'application/rss+xml', 'application/xhtml+xml',
  'application/xml', 'application/x-javascript', 'image/svg+xml', 'text/css', 'text/csv', 'text/html', 'text/javascript',
  'text/js', 'text/plain', 'text/richtext', 'text/tab-separated-values', 'text/xml', 'text/x-component', 'text/x-java-source', 'text/x-script',
]);

export const GZIP_TWIN_SUFFIX = '.gz';

const mediaTypeOf = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Text that CloudFront would pass through as is: it needs a stored gzip twin. */
export function needsGzipTwin(file: Pick<FeedFile, 'body' | 'contentType'>): boolean {
  return typeof file.body === 'string' && !EDGE_COMPRESSED_TYPES.has(mediaTypeOf(file.contentType));
}

/**
 * The gzip twin of `file`. Its stored hash is the plain body's, marked: a
 * twin is rewritten exactly when its plain file changes, not when a new zlib
 * would compress the same text to other bytes.
 */
export function gzipTwinOf(file: Omit<FeedFile, 'cacheControl'>): Omit<FeedFile, 'cacheControl'> {
  return {
    ...file,
    key: `${file.key}${GZIP_TWIN_SUFFIX}`,
    // zlib's default level: level 9 took half again as long on a 65 MB archive for a few percent smaller output.
    body: gzipSync(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body, { level: 6 }),
    contentEncoding: 'gzip',
    hash: `${file.hash}+gzip`,
  };
}
