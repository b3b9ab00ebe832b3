/**
 * Serves the console's static files on `GET /console` (the page) and
 * `GET /console/{file}`, and the API's OpenAPI document on `GET /openapi.json`
 * (openapi-document.ts says why here). The console is a client of the public API on the
 * same origin, so its policy allows scripts, styles and requests from 'self'
 * only: no inline script or style, no framing, no other hosts.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { answeringHead } from '#commons/head.ts';
import { mappingThrownStacks } from '#commons/original-stack.ts';
import { assetsDir, loadAssets, type Asset } from './assets.ts';
import { openApiAnswer } from './openapi-document.ts';

export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

type Result = APIGatewayProxyStructuredResultV2;

const problem = (statusCode: number, code: string, message: string): Result => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...securityHeaders },
  body: JSON.stringify({ error: { code, message } }),
});

/** `/console` and `/console/` are the page; `/console/NAME` is a file. */
export function fileNameOf(path: string): string {
  const rest = path.replace(/^\/console\/?/, '');
  return rest === '' ? 'index.html' : rest;
}

export function createConsoleHandler(assets: () => Map<string, Asset>) {
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const files = assets();
    if (files.size === 0) return problem(503, 'console_not_built', 'the console has not been built on this host (infra/console-bundle.ts)');
    const name = fileNameOf(event.rawPath);
    const asset = files.get(name);
    if (!asset) return problem(404, 'not_found', `the console has no file ${JSON.stringify(name)}`);
    // Revalidated every time: the files change with each deployment and are small.
    const headers = { 'content-type': asset.contentType, 'cache-control': 'no-cache', etag: asset.etag, ...securityHeaders };
    const ifNoneMatch = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === 'if-none-match')?.[1];
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) return { statusCode: 304, headers };
    return { statusCode: 200, headers, body: asset.body.toString('utf8') };
  };
}

let loaded: Map<string, Asset> | undefined;

const serveConsole = createConsoleHandler(() => {
  // An empty folder is not cached: locally the build may finish after the first request.
  if (!loaded || loaded.size === 0) loaded = loadAssets(assetsDir());
  return loaded;
});

export const handler = mappingThrownStacks((event: APIGatewayProxyEventV2): Promise<Result> =>
  answeringHead(event, async (request) => (request.rawPath === '/openapi.json' ? openApiAnswer() : serveConsole(request))),
);
