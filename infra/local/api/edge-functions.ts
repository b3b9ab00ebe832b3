/**
 * The CloudFront Functions the feeds behaviour runs on AWS, run here on the
 * same source, so the local feed server picks the same object for the same
 * request (infra/cloudfront/feed-encoding.js: the gzip twin of an Atom or JSON
 * Feed file for a client that accepts gzip). Each runs in an empty context,
 * as the edge runtime gives it nothing but its event.
 */
import { runInNewContext } from 'node:vm';
import { cloudFrontFunctionSource } from '../../cloudfront/source.ts';

interface ViewerRequest {
  uri: string;
  headers: Record<string, { value: string }>;
}

interface FeedEncodingFunction {
  handler(event: { request: ViewerRequest }): ViewerRequest;
  acceptsGzip(value: string): boolean;
}

let loaded: FeedEncodingFunction | undefined;
function feedEncoding(): FeedEncodingFunction {
  if (!loaded) {
    const sandbox: Partial<FeedEncodingFunction> = {};
    runInNewContext(`${cloudFrontFunctionSource('feed-encoding')}\nthis.handler = handler; this.acceptsGzip = acceptsGzip;`, sandbox);
    loaded = sandbox as FeedEncodingFunction;
  }
  return loaded;
}

/** The URI CloudFront would ask the bucket for, given the viewer's path and Accept-Encoding. */
export function edgeRequestUri(uri: string, acceptEncoding: string | undefined): string {
  return feedEncoding().handler({ request: { uri, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': { value: acceptEncoding } } } }).uri;
}

/** Whether an Accept-Encoding value allows gzip, by the function's own rule (q=0 refuses). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return acceptEncoding !== undefined && feedEncoding().acceptsGzip(acceptEncoding);
}
