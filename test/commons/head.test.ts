import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { answeringHead } from '#commons/head.ts';

const event = (method: string, path: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${method} /articles/{id}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { routeKey: `${method} /articles/{id}`, http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' } },
  }) as unknown as APIGatewayProxyEventV2;

describe('HEAD on AWS, answered as the GET', () => {
  it('runs the GET code path and answers its status and headers with no body, announcing the length', async () => {
    const seen: string[] = [];
    const result = await answeringHead(event('HEAD', '/articles/a1'), async (e) => {
      seen.push(`${e.requestContext.http.method} ${e.routeKey} ${e.requestContext.routeKey}`);
      return { statusCode: 200, headers: { 'content-type': 'application/json', etag: '"x"' }, body: '{"id":"ü"}' };
    });
    expect(seen).toEqual(['GET GET /articles/{id} GET /articles/{id}']);
    expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json', etag: '"x"', 'content-length': '11' }, body: '', isBase64Encoded: false });
  });

  it('keeps a refusal a refusal, and counts a base64 body by its bytes', async () => {
    const refused = await answeringHead(event('HEAD', '/articles/%zz'), async () => ({ statusCode: 400, body: '{"error":{}}' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('');
    const binary = await answeringHead(event('HEAD', '/x'), async () => ({ statusCode: 200, body: Buffer.from([1, 2, 3]).toString('base64'), isBase64Encoded: true }));
    expect(binary.headers?.['content-length']).toBe('3');
  });

  it('leaves every other method alone', async () => {
    const result = await answeringHead(event('GET', '/articles/a1'), async () => ({ statusCode: 200, body: 'x' }));
    expect(result).toEqual({ statusCode: 200, body: 'x' });
  });
});
