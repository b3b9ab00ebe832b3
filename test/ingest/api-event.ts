/** API Gateway HTTP API (v2) requests, shaped as API Gateway sends them, for driving the ingest handler. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { matchPath, routes, routeKey } from '../../infra/routes.ts';

export interface Request {
  key?: string;
  body?: string | Buffer;
  contentType?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

let counter = 0;

export function apiEvent(method: string, path: string, request: Request = {}): APIGatewayProxyEventV2 {
  const route = routes.find((r) => r.method === method && matchPath(r.path, path));
  const params = route ? matchPath(route.path, path) : undefined;
  const binary = Buffer.isBuffer(request.body);
  const headers: Record<string, string> = { host: 'api.test', ...request.headers };
  if (request.key !== undefined) headers.authorization = `Bearer ${request.key}`;
  if (request.contentType) headers['content-type'] = request.contentType;
  const query = request.query;
  return {
    version: '2.0',
    routeKey: route ? routeKey(route) : '$default',
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(params && Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${++counter}`,
      routeKey: route ? routeKey(route) : '$default',
      stage: '$default',
      time: '01/May/2024:08:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: binary,
    ...(request.body !== undefined ? { body: binary ? (request.body as Buffer).toString('base64') : (request.body as string) } : {}),
  };
}

export const bodyOf = <T = Record<string, unknown>>(result: { body?: string }): T => JSON.parse(result.body ?? 'null') as T;
