import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { websubLinkFunctionCode } from '#infra/constructs/feeds-cdn.ts';

interface Header { value: string }
interface ViewerResponseEvent {
  context: { distributionDomainName: string };
  request: { uri: string; headers: Record<string, Header> };
  response: { statusCode: number; headers: Record<string, Header> };
}
type Handler = (event: ViewerResponseEvent) => ViewerResponseEvent['response'];

/** Runs the CloudFront Function source the stack deploys, in an empty context as the edge runtime does. */
function loadFunction(hub: string): Handler {
  const sandbox: { handler?: Handler } = {};
  runInNewContext(`${websubLinkFunctionCode(hub)}\nthis.handler = handler;`, sandbox);
  return sandbox.handler!;
}

const event = (uri: string, statusCode = 200): ViewerResponseEvent => ({
  context: { distributionDomainName: 'd111.cloudfront.net' },
  request: { uri, headers: { host: { value: 'feeds.example.org' } } },
  response: { statusCode, headers: { 'content-type': { value: 'application/rss+xml' } } },
});

describe('the WebSub Link CloudFront Function', () => {
  const handler = loadFunction('https://hub.example.com/websub');

  it('advertises the hub and the feed itself on feed responses', () => {
    const response = handler(event('/feeds/tags/syria.atom'));
    expect(response.headers.link?.value).toBe(
      '<https://hub.example.com/websub>; rel="hub", <https://feeds.example.org/feeds/tags/syria.atom>; rel="self"',
    );
    expect(response.headers['content-type']?.value).toBe('application/rss+xml');
  });

  it('leaves errors and anything outside feeds/ alone', () => {
    expect(handler(event('/feeds/all.rss', 404)).headers.link).toBeUndefined();
    expect(handler(event('/articles/x.json')).headers.link).toBeUndefined();
  });

  it('refuses a hub that is not an https URL at synth time', () => {
    expect(() => websubLinkFunctionCode('http://hub.example.com/')).toThrow(/https/);
    expect(() => websubLinkFunctionCode('not a url')).toThrow();
  });

  it('embeds the hub as a string literal, so a quote in it cannot break out', () => {
    const withQuote = loadFunction("https://hub.example.com/a'b");
    expect(withQuote(event('/feeds/all.json')).headers.link?.value).toContain('<https://hub.example.com/a\'b>; rel="hub"');
  });
});
