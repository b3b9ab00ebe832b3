import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pageStatusFunctionCode } from '#infra/constructs/feeds-cdn.ts';
import { STATUS_METADATA } from '../../../functions/publish/s3-feed-files.ts';

interface Header { value: string }
interface Response { statusCode: number; statusDescription?: string; headers: Record<string, Header> }
type Handler = (event: { response: Response }) => Response;

/** Runs the CloudFront Function source the stack deploys, in an empty context as the edge runtime does. */
function loadFunction(): Handler {
  const sandbox: { handler?: Handler } = {};
  runInNewContext(`${pageStatusFunctionCode()}\nthis.handler = handler;`, sandbox);
  return sandbox.handler!;
}

const response = (statusCode: number, meta: Record<string, string> = {}): Response => ({
  statusCode,
  headers: { 'content-type': { value: 'text/html; charset=utf-8' }, ...Object.fromEntries(Object.entries(meta).map(([k, v]) => [`x-amz-meta-${k}`, { value: v }])) },
});

describe('the page status CloudFront Function', () => {
  const handler = loadFunction();

  it('serves a page stored with status 410 as 410 Gone, without our metadata headers', () => {
    const out = handler({ response: response(200, { [STATUS_METADATA]: '410', 'content-sha256': 'abc' }) });
    expect([out.statusCode, out.statusDescription]).toEqual([410, 'Gone']);
    expect(Object.keys(out.headers)).toEqual(['content-type']);
  });

  it('leaves other pages, revalidations and errors as they are', () => {
    expect(handler({ response: response(200) }).statusCode).toBe(200);
    expect(handler({ response: response(304, { [STATUS_METADATA]: '410' }) }).statusCode).toBe(304);
    expect(handler({ response: response(200, { [STATUS_METADATA]: '302' }) }).statusCode).toBe(200);
  });
});
