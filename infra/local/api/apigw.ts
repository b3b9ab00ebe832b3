/**
 * API Gateway HTTP API (payload format 2.0) on this machine: builds the event
 * a Lambda integration receives from a Node request, and turns the function's
 * result back into an HTTP response, with API Gateway's rules:
 * - header names lowercased, repeated headers joined with commas, cookies apart;
 * - query parameters decoded, repeated ones joined with commas;
 * - a text body passed as is, anything else base64 with `isBase64Encoded`;
 * - a result without `statusCode` is a 200 JSON body.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localAccountId } from '../sqs/broker.ts';

export interface MatchedRoute {
  routeKey: string;
  pathParameters: Record<string, string>;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const textTypes = [/^text\//, /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/, /\+(json|xml)\b/];

function isText(contentType: string | undefined, body: Buffer): boolean {
  if (!contentType || !textTypes.some((t) => t.test(contentType.toLowerCase()))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** API Gateway's request id shape: short, unique, and echoed in `apigw-requestid`. */
export const newRequestId = (): string => `${randomBytes(6).toString('base64url')}=`;

function joinedQuery(search: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of search) out[key] = key in out ? `${out[key]},${value}` : value;
  return Object.keys(out).length ? out : undefined;
}

export function apiGatewayEvent(req: IncomingMessage, url: URL, body: Buffer, route: MatchedRoute, requestId: string): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const now = new Date();
  const host = headers.host ?? '127.0.0.1';
  const text = body.length > 0 && isText(headers['content-type'], body);
  const queryStringParameters = joinedQuery(url.searchParams);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

export function httpResultOf(output: unknown): HttpResult {
  if (typeof output !== 'object' || output === null || !('statusCode' in output)) {
    const body = typeof output === 'string' ? output : JSON.stringify(output ?? null);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const result = output as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const raw = result.body ?? '';
  const body = result.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return { status: result.statusCode ?? 200, headers, body };
}
