/**
 * The media type a feed file is stored with, so that CloudFront compresses it.
 *
 * CloudFront compresses a response only when the Content-Type the origin sent
 * is on a fixed list (CloudFront Developer Guide, "Serve compressed files" →
 * "File types that CloudFront compresses"), and only bodies of 1,000 to
 * 10,000,000 bytes. `application/rss+xml`, `application/xml`,
 * `application/json` and `text/html` are on it; `application/atom+xml` and
 * `application/feed+json` are not. So Atom is stored as `application/xml` and
 * JSON Feed as `application/json` (same parameters, charset kept), which
 * CloudFront compresses like RSS and HTML; the feeds behaviour's
 * viewer-response function (infra/cloudfront/feed-response.js) then gives
 * viewers the feed's own media type back ("Restrictions on edge functions":
 * only Via and Warning are read-only in a viewer response, so Content-Type may
 * be set). Compression happens on the origin's response, before that function
 * runs, so it goes by the stored type.
 */

/** The documented list, as far as it concerns text we could publish (fonts and streaming types left out). */
export const EDGE_COMPRESSED_TYPES: ReadonlySet<string> = new Set([
  'application/dash+xml', 'application/javascript', 'application/json', 'application/rss+xml', 'application/xhtml+xml',
  'application/xml', 'application/x-javascript', 'image/svg+xml', 'text/css', 'text/csv', 'text/html', 'text/javascript',
  'text/js', 'text/plain', 'text/richtext', 'text/tab-separated-values', 'text/xml', 'text/x-component', 'text/x-java-source', 'text/x-script',
]);

/** The body sizes CloudFront compresses, in bytes (same page, "Conditions for compression"). */
export const EDGE_COMPRESSED_SIZES = { min: 1_000, max: 10_000_000 } as const;

/** Viewer media type → the compressible generic type it is stored as (the function maps back by file extension). */
const STORED_AS: Readonly<Record<string, string>> = {
  'application/atom+xml': 'application/xml',
  'application/feed+json': 'application/json',
};

export const mediaTypeOf = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** The Content-Type to store a file with: its own, or the compressible type standing in for it, parameters kept. */
export function storedContentType(contentType: string): string {
  const stored = STORED_AS[mediaTypeOf(contentType)];
  if (!stored) return contentType;
  const semicolon = contentType.indexOf(';');
  return semicolon < 0 ? stored : `${stored}${contentType.slice(semicolon)}`;
}
