/**
 * The feeds' viewer-request CloudFront Function, run from the source the stack
 * deploys in an empty context as the edge runtime does. CloudFront compresses
 * only the content types on its documented list; the function sends viewers
 * that accept gzip to the stored gzip twin of exactly the feed files whose
 * type is not on it (functions/publish/gzip-twins.ts), and nobody else.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { feedEncodingFunctionCode } from '#infra/constructs/feeds-cdn.ts';
import { feedRenderers } from '../../../functions/core/feeds/render.ts';
import { feedFormats } from '../../../functions/core/feeds/view.ts';
import { PAGE_CONTENT_TYPE } from '#core/site/csp.ts';
import { EDGE_COMPRESSED_TYPES, needsGzipTwin } from '../../../functions/publish/gzip-twins.ts';

interface Request { uri: string; headers: Record<string, { value: string }> }
const sandbox: { handler?: (event: { request: Request }) => Request } = {};
runInNewContext(`${feedEncodingFunctionCode()}\nthis.handler = handler;`, sandbox);
const uriFor = (uri: string, acceptEncoding?: string) =>
  sandbox.handler!({ request: { uri, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': { value: acceptEncoding } } } }).uri;

describe('the feed-encoding CloudFront Function', () => {
  it('knows which of our types CloudFront compresses itself (its documented list): RSS, HTML and JSON yes, Atom and JSON Feed no', () => {
    for (const type of ['application/rss+xml', 'text/html', 'application/json', 'application/xml']) expect(EDGE_COMPRESSED_TYPES.has(type), type).toBe(true);
    for (const type of ['application/atom+xml', 'application/feed+json']) expect(EDGE_COMPRESSED_TYPES.has(type), type).toBe(false);
  });

  it('rewrites to the twin exactly the feed formats that get one, feeds and archives alike', () => {
    for (const format of feedFormats) {
      const twinned = needsGzipTwin({ body: 'x', contentType: feedRenderers[format].contentType });
      expect(uriFor(`/feeds/tags/syria.${format}`, 'gzip, deflate, br'), format).toBe(`/feeds/tags/syria.${format}${twinned ? '.gz' : ''}`);
      expect(uriFor(`/feeds/archive/all/2024-03.${format}`, 'gzip'), format).toBe(`/feeds/archive/all/2024-03.${format}${twinned ? '.gz' : ''}`);
    }
    expect(needsGzipTwin({ body: 'x', contentType: PAGE_CONTENT_TYPE })).toBe(false);
    expect(uriFor('/pages/articles/a1.html', 'gzip')).toBe('/pages/articles/a1.html');
  });

  it('follows Accept-Encoding as RFC 9110 reads it: q=0 refuses, * stands for gzip, absent means plain', () => {
    const cases: Array<[string | undefined, boolean]> = [
      [undefined, false], ['', false], ['identity', false], ['br', false], ['deflate, br', false],
      ['gzip', true], ['GZIP', true], ['x-gzip', true], ['br;q=1.0, gzip;q=0.8', true], ['*', true], ['br, *;q=0.1', true],
      ['gzip;q=0', false], ['gzip; q=0.000', false], ['gzip;q=0, *', false], ['*;q=0', false], ['gzip;q=nonsense', false],
    ];
    for (const [header, twin] of cases) expect(uriFor('/feeds/all.atom', header), String(header)).toBe(twin ? '/feeds/all.atom.gz' : '/feeds/all.atom');
  });
});
