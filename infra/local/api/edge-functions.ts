/**
 * What CloudFront does to a feed response on AWS, done here the same way: the
 * feeds behaviour's viewer-response function (infra/cloudfront/feed-response.js,
 * run from the source the stack deploys, in an empty context as the edge
 * runtime gives it nothing but its event) for the media types viewers see, and
 * CloudFront's own compression rule for which responses are gzipped.
 */
import { runInNewContext } from 'node:vm';
import { cloudFrontFunctionSource } from '../../cloudfront/source.ts';
import { EDGE_COMPRESSED_SIZES, EDGE_COMPRESSED_TYPES, mediaTypeOf } from '../../../functions/publish/edge-media-types.ts';

interface Header {
  value: string;
}
interface ViewerResponseEvent {
  context: { distributionDomainName: string };
  request: { uri: string; headers: Record<string, Header> };
  response: { statusCode: number; headers: Record<string, Header> };
}
type ViewerResponseHandler = (event: ViewerResponseEvent) => ViewerResponseEvent['response'];

let loaded: ViewerResponseHandler | undefined;
function feedResponse(): ViewerResponseHandler {
  if (!loaded) {
    const sandbox: { handler?: ViewerResponseHandler } = {};
    // Without a hub: the local server writes its own Link headers (http, the port it listens on).
    runInNewContext(`${cloudFrontFunctionSource('feed-response')}\nthis.handler = handler;`, sandbox);
    loaded = sandbox.handler!;
  }
  return loaded;
}

/** The Content-Type a viewer gets for the object at `uri` stored with `storedType`. */
export function viewerContentType(uri: string, storedType: string): string {
  const response = feedResponse()({
    context: { distributionDomainName: 'localhost' },
    request: { uri, headers: {} },
    response: { statusCode: 200, headers: { 'content-type': { value: storedType } } },
  });
  return response.headers['content-type']?.value ?? storedType;
}

/** Whether an Accept-Encoding value allows gzip (RFC 9110 §12.5.3): listed, or matched by `*`, with a q-value above 0. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let gzipQ = -1;
  let starQ = -1;
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const parsed = qParam === undefined ? 1 : Number.parseFloat(qParam.slice(2));
    const q = Number.isNaN(parsed) ? 0 : parsed;
    if (coding === 'gzip' || coding === 'x-gzip') gzipQ = Math.max(gzipQ, q);
    else if (coding === '*') starQ = Math.max(starQ, q);
  }
  return gzipQ >= 0 ? gzipQ > 0 : starQ > 0;
}

/**
 * Whether CloudFront compresses an origin response ("Serve compressed files", conditions for
 * compression): a type on its list, 1,000 to 10,000,000 bytes, not already encoded.
 */
export function compressedAtTheEdge(storedType: string, length: number, storedEncoding: string | undefined): boolean {
  return !storedEncoding && EDGE_COMPRESSED_TYPES.has(mediaTypeOf(storedType)) && length >= EDGE_COMPRESSED_SIZES.min && length <= EDGE_COMPRESSED_SIZES.max;
}
