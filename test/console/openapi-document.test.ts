/**
 * `GET /openapi.json` is answered by the console function (functions/console/openapi-document.ts): the
 * document of functions/contract/openapi.ts with the API's base URL as its server, cached for five
 * minutes, the same to a HEAD without its body. (test/contract/openapi.test.ts holds the document to the
 * routes and what the real handlers answer, through the local API server.)
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi.ts';
import { handler } from '../../functions/console/handler.ts';
import { env } from '../../infra/definitions.ts';

const request = (method: 'GET' | 'HEAD') =>
  ({
    routeKey: `${method} /openapi.json`,
    rawPath: '/openapi.json',
    headers: {},
    requestContext: { routeKey: `${method} /openapi.json`, http: { method, path: '/openapi.json' } },
  }) as unknown as APIGatewayProxyEventV2;

describe('GET /openapi.json on the console function', () => {
  it('answers the OpenAPI document with the API base URL as its server, whether or not the console is built', async () => {
    process.env[env.publicBaseUrl] = 'https://api.example.test/';
    const answer = await handler(request('GET'));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' });
    expect(JSON.parse(String(answer.body))).toEqual(JSON.parse(JSON.stringify(openApiDocument({ serverUrl: 'https://api.example.test' }))));
    const head = await handler(request('HEAD'));
    expect(head).toMatchObject({ statusCode: 200, body: '', headers: { 'content-length': String(Buffer.byteLength(String(answer.body))) } });
  });
});
