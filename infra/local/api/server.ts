/**
 * The local API Gateway and CDN in one HTTP server on loopback:
 * 1. `/feeds/...` and the site's `/pages/...` are served from the bucket (feeds.ts), as CloudFront would;
 * 2. `GET /health` answers 503 until every part of the runtime is ready, then
 *    asks the ingest function like any other route;
 * 3. every other request is matched against infra/routes.ts (the table the
 *    CDK stack builds its routes from) and the route's function is invoked
 *    with an HTTP API v2 event; its result becomes the response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { matchPath, PathRefused, routeKey, routes, type FunctionName, type Route } from '#infra/routes.ts';
import { invokeLambda, LambdaTimeout, type LambdaHandler } from '../lambda/context.ts';
import { apiGatewayEvent, httpResultOf, newRequestId, type HttpResult } from './apigw.ts';
import { errorResult } from './errors.ts';
import { serveFeed } from './feeds.ts';

/** API Gateway's own limits: 10 MB payloads, 30 s integration timeout. */
const maxBodyBytes = 10 * 1024 * 1024;
const integrationTimeoutSeconds = 29;

export interface ApiServerOptions {
  port: number;
  functions: (name: FunctionName) => Promise<LambdaHandler<APIGatewayProxyEventV2>>;
  s3: S3Client;
  bucket: string;
  /** Each part of the runtime and whether it is ready. */
  readiness: () => Record<string, boolean>;
  /** WebSub hub for the feeds' `Link` headers, as CloudFront adds them on AWS. */
  hubUrl?: string | undefined;
  log?: (line: string) => void;
}

export interface ApiServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** A HEAD answer: the GET's status and headers, its length announced, no body. */
function withoutBody(result: HttpResult): HttpResult {
  return { ...result, headers: { ...result.headers, 'content-length': String(result.body.length) }, body: Buffer.alloc(0) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The route for a request. HEAD is answered wherever GET is (RFC 9110: same
 * headers, no body), so it matches the GET route. Throws `PathRefused` for a
 * route's path with a malformed parameter.
 */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { allow: string[] } | undefined {
  if (method === 'HEAD') {
    const get = matchRoute('GET', path);
    return get && 'allow' in get ? { allow: [...get.allow, ...(get.allow.includes('GET') ? ['HEAD'] : [])] } : get;
  }
  const onPath = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });
  if (onPath.length === 0) return undefined;
  // A literal segment beats a parameter, as in API Gateway (`/articles/{id}` never shadows a literal route).
  const exact = onPath.filter((m) => m.route.method === method).sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length)[0];
  const allow = [...new Set(onPath.map((m) => m.route.method))];
  return exact ?? { allow: allow.includes('GET') ? [...allow, 'HEAD'] : allow };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log ?? (() => undefined);

  async function invokeRoute(req: IncomingMessage, url: URL, route: Route, params: Record<string, string>): Promise<HttpResult> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return errorResult(413, 'payload_too_large', `request bodies are limited to ${maxBodyBytes} bytes`);
      throw error;
    }
    const requestId = newRequestId();
    const event = apiGatewayEvent(req, url, body, { routeKey: routeKey(route), pathParameters: params }, requestId);
    try {
      const handler = await options.functions(route.function);
      const result = httpResultOf(await invokeLambda(route.function, handler, event, integrationTimeoutSeconds, requestId));
      result.headers['apigw-requestid'] = requestId;
      return result;
    } catch (error) {
      log(`${route.function} failed on ${routeKey(route)} (request ${requestId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (error instanceof LambdaTimeout) return errorResult(504, 'timeout', 'the function did not answer in time');
      return errorResult(500, 'internal_error', `the ${route.function} function failed; see the runtime's log for request ${requestId}`);
    }
  }

  async function respond(req: IncomingMessage): Promise<HttpResult> {
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    if (!url) return errorResult(400, 'invalid_path', 'the request target is not a valid path');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/feeds/') || url.pathname.startsWith('/pages/')) return serveFeed(options.s3, options.bucket, { method, path: url.pathname, headers: req.headers }, { hubUrl: options.hubUrl });
    if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
      const parts = options.readiness();
      const waiting = Object.entries(parts).filter(([, ready]) => !ready).map(([name]) => name);
      if (waiting.length > 0) {
        const result = errorResult(503, 'not_ready', `still starting: ${waiting.join(', ')}`, { 'retry-after': '1' });
        result.body = Buffer.from(JSON.stringify({ ...JSON.parse(result.body.toString()), parts }));
        return method === 'HEAD' ? withoutBody(result) : result;
      }
    }
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(method, url.pathname);
    } catch (error) {
      if (error instanceof PathRefused) return errorResult(error.status, error.code, error.message);
      throw error;
    }
    if (!match) return errorResult(404, 'route_not_found', `no route for ${method} ${url.pathname}`);
    if ('allow' in match) {
      return errorResult(405, 'method_not_allowed', `${url.pathname} accepts ${match.allow.join(', ')}`, { allow: match.allow.join(', ') });
    }
    const result = await invokeRoute(req, url, match.route, match.params);
    return method === 'HEAD' ? withoutBody(result) : result;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    respond(req)
      .catch((error: unknown) => {
        log(`${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return errorResult(500, 'internal_error', 'the local runtime failed to answer; see its log');
      })
      .then((result) => {
        res.writeHead(result.status, { ...result.headers, ...(result.headers['content-length'] ? {} : { 'content-length': result.body.length }) });
        res.end(result.body);
        log(`${req.method} ${req.url} ${result.status} ${Date.now() - started}ms`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeIdleConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      setTimeout(() => server.closeAllConnections(), 2000).unref();
      await closed;
    },
  };
}
