/**
 * The feeds' viewer-response CloudFront Function, run from the source the stack deploys in an empty
 * context as the edge runtime does: viewers get each feed format's own media type back from the
 * compressible type it is stored with, and, with a hub, the WebSub Link headers.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { feedResponseFunctionCode } from '#infra/constructs/feeds-cdn.ts';
import { feedRenderers } from '../../../functions/core/feeds/render.ts';
import { feedFormats } from '../../../functions/core/feeds/view.ts';
import { PAGE_CONTENT_TYPE } from '#core/site/csp.ts';
import { EDGE_COMPRESSED_TYPES, mediaTypeOf, storedContentType } from '../../../functions/publish/edge-media-types.ts';

interface Header { value: string }
interface ViewerResponseEvent {
  context: { distributionDomainName: string };
  request: { uri: string; headers: Record<string, Header> };
  response: { statusCode: number; headers: Record<string, Header> };
}
type Handler = (event: ViewerResponseEvent) => ViewerResponseEvent['response'];

function loadFunction(hub?: string): Handler {
  const sandbox: { handler?: Handler } = {};
  runInNewContext(`${feedResponseFunctionCode(hub)}\nthis.handler = handler;`, sandbox);
  return sandbox.handler!;
}

const event = (uri: string, contentType = 'application/rss+xml', statusCode = 200): ViewerResponseEvent => ({
  context: { distributionDomainName: 'd111.cloudfront.net' },
  request: { uri, headers: { host: { value: 'feeds.example.org' } } },
  response: { statusCode, headers: { 'content-type': { value: contentType } } },
});

describe('the feeds viewer-response CloudFront Function: media types', () => {
  const handler = loadFunction();
  const viewerType = (uri: string, stored: string) => handler(event(uri, stored)).headers['content-type']?.value;

  it('knows which of our types CloudFront compresses itself (its documented list): RSS, HTML, XML and JSON yes, Atom and JSON Feed no', () => {
    for (const type of ['application/rss+xml', 'text/html', 'application/json', 'application/xml']) expect(EDGE_COMPRESSED_TYPES.has(type), type).toBe(true);
    for (const type of ['application/atom+xml', 'application/feed+json']) expect(EDGE_COMPRESSED_TYPES.has(type), type).toBe(false);
  });

  it('every format and the pages are stored under a type CloudFront compresses, and viewers get the format’s own type back, charset and all', () => {
    for (const format of feedFormats) {
      const rendered = feedRenderers[format].contentType;
      const stored = storedContentType(rendered);
      expect(EDGE_COMPRESSED_TYPES.has(mediaTypeOf(stored)), `${format}: ${stored}`).toBe(true);
      expect(stored, format).toMatch(/; charset=utf-8$/);
      expect(viewerType(`/feeds/tags/syria.${format}`, stored), format).toBe(rendered);
      expect(viewerType(`/feeds/archive/tags/syria/1-0a1b2c3d.${format}`, stored), format).toBe(rendered);
    }
    expect(storedContentType('application/atom+xml; charset=utf-8')).toBe('application/xml; charset=utf-8');
    expect(storedContentType('application/feed+json; charset=utf-8')).toBe('application/json; charset=utf-8');
    expect(storedContentType(PAGE_CONTENT_TYPE)).toBe(PAGE_CONTENT_TYPE);
  });

  it('changes only a stored generic type under feeds/ whose extension names the format', () => {
    expect(viewerType('/feeds/all.atom', 'application/xml')).toBe('application/atom+xml');
    expect(viewerType('/feeds/all.atom', 'APPLICATION/XML;charset=utf-8')).toBe('application/atom+xml;charset=utf-8');
    // Files stored before the change keep the type they have until re-rendered.
    expect(viewerType('/feeds/all.atom', 'application/atom+xml; charset=utf-8')).toBe('application/atom+xml; charset=utf-8');
    expect(viewerType('/feeds/all.rss', 'application/rss+xml; charset=utf-8')).toBe('application/rss+xml; charset=utf-8');
    expect(viewerType('/feeds/all.atom', 'image/png')).toBe('image/png');
    expect(viewerType('/pages/data.json', 'application/json')).toBe('application/json');
    expect(viewerType('/feeds/v1.json/readme', 'application/json')).toBe('application/json');
    expect(handler({ ...event('/feeds/all.json'), response: { statusCode: 304, headers: {} } }).headers['content-type']).toBeUndefined();
  });

  it('adds no Link header without a hub', () => {
    expect(handler(event('/feeds/all.rss')).headers.link).toBeUndefined();
  });
});

describe('the feeds viewer-response CloudFront Function: WebSub Link headers', () => {
  const handler = loadFunction('https://hub.example.com/websub');

  it('advertises the hub and the feed itself on feed responses, and still sets the media type', () => {
    const response = handler(event('/feeds/tags/syria.atom', 'application/xml; charset=utf-8'));
    expect(response.headers.link?.value).toBe('<https://hub.example.com/websub>; rel="hub", <https://feeds.example.org/feeds/tags/syria.atom>; rel="self"');
    expect(response.headers['content-type']?.value).toBe('application/atom+xml; charset=utf-8');
  });

  it('leaves errors and anything outside feeds/ alone', () => {
    expect(handler(event('/feeds/all.rss', 'application/rss+xml', 404)).headers.link).toBeUndefined();
    expect(handler(event('/articles/x.json')).headers.link).toBeUndefined();
  });

  it('refuses a hub that is not an https URL at synth time', () => {
    expect(() => feedResponseFunctionCode('http://hub.example.com/')).toThrow(/https/);
    expect(() => feedResponseFunctionCode('not a url')).toThrow();
  });

  it('embeds the hub as a string literal, so a quote in it cannot break out', () => {
    const withQuote = loadFunction("https://hub.example.com/a'b");
    expect(withQuote(event('/feeds/all.json')).headers.link?.value).toContain('<https://hub.example.com/a\'b>; rel="hub"');
  });
});
