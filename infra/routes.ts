/**
 * The HTTP contract as data. The CDK stack turns each entry into an API Gateway
 * route; the local runtime matches requests against the same list and invokes
 * the same handler with an API-Gateway-shaped (v2) event. One list, two hosts.
 *
 * Paths use API Gateway's `{param}` syntax. `/articles/{id}.ninjs` is served by
 * the `/articles/{id}` route because HTTP APIs only bind whole path segments.
 */
export type FunctionName = 'ingest' | 'subscriptions' | 'console';
/**
 * Who a route admits. `key`: any recognised key. `publisher` and `partner` routes admit the admin too; a
 * partner reaches only its own subscriptions (checked in the handler, which
 * answers 404 for another partner's, so ids cannot be probed).
 */
export type Access = 'public' | 'key' | 'publisher' | 'partner' | 'admin';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  function: FunctionName;
  access: Access;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', function: 'ingest', access: 'public' },
  // The OpenAPI 3.1 document of this table (functions/contract/openapi.ts), from the console function (functions/console/openapi-document.ts).
  { method: 'GET', path: '/openapi.json', function: 'console', access: 'public' },
  { method: 'POST', path: '/articles', function: 'ingest', access: 'publisher' },
  { method: 'GET', path: '/articles', function: 'ingest', access: 'public' },
  { method: 'GET', path: '/articles/{id}', function: 'ingest', access: 'public' },
  { method: 'PUT', path: '/articles/{id}', function: 'ingest', access: 'publisher' },
  { method: 'DELETE', path: '/articles/{id}', function: 'ingest', access: 'publisher' },
  // Versions are public like the article; embargoed and withdrawn ones only for the admin and the publisher.
  { method: 'GET', path: '/articles/{id}/versions', function: 'ingest', access: 'public' },
  { method: 'GET', path: '/articles/{id}/versions/{n}', function: 'ingest', access: 'public' },
  // The event pull channel: the events webhooks carry, in order, for partners who poll.
  { method: 'GET', path: '/events', function: 'ingest', access: 'partner' },
  // The publisher directory (adapters/publisher-directory.ts): non-secret fields only, by id, paged.
  { method: 'GET', path: '/publishers', function: 'ingest', access: 'admin' },
  { method: 'POST', path: '/publishers', function: 'ingest', access: 'admin' },
  { method: 'POST', path: '/publishers/{id}/rotate-key', function: 'ingest', access: 'admin' },
  { method: 'POST', path: '/partners', function: 'subscriptions', access: 'admin' },
  { method: 'POST', path: '/partners/{id}/rotate-key', function: 'subscriptions', access: 'admin' },
  { method: 'POST', path: '/subscriptions', function: 'subscriptions', access: 'partner' },
  { method: 'GET', path: '/subscriptions', function: 'subscriptions', access: 'partner' },
  { method: 'GET', path: '/subscriptions/{id}', function: 'subscriptions', access: 'partner' },
  { method: 'PATCH', path: '/subscriptions/{id}', function: 'subscriptions', access: 'partner' },
  { method: 'DELETE', path: '/subscriptions/{id}', function: 'subscriptions', access: 'partner' },
  { method: 'POST', path: '/subscriptions/{id}/rotate-secret', function: 'subscriptions', access: 'partner' },
  { method: 'GET', path: '/subscriptions/{id}/deliveries', function: 'subscriptions', access: 'partner' },
  { method: 'POST', path: '/subscriptions/{id}/replay', function: 'subscriptions', access: 'partner' },
  { method: 'POST', path: '/subscriptions/{id}/test', function: 'subscriptions', access: 'partner' },
  { method: 'GET', path: '/subscriptions/{id}/stats', function: 'subscriptions', access: 'partner' },
  // What kind of key the caller holds and which routes it opens (the console asks on sign-in).
  { method: 'GET', path: '/me', function: 'subscriptions', access: 'key' },
  // The console's static files (index at /console, the rest one level below); it calls the routes above.
  { method: 'GET', path: '/console', function: 'console', access: 'public' },
  { method: 'GET', path: '/console/{file}', function: 'console', access: 'public' },
];

/** `GET /articles/{id}` style key, as API Gateway writes `routeKey`. */
export const routeKey = (route: Route): string => `${route.method} ${route.path}`;

/**
 * Longest path parameter we accept, in characters. Every id we issue is far
 * shorter (`art_` + 20, `sub_` + 32, publisher slugs up to 63), and the
 * parameters end up inside DynamoDB keys, whose sort keys stop at 1,024 bytes:
 * 200 characters of up to 4 UTF-8 bytes each stay below that with room for prefixes.
 */
export const MAX_PATH_PARAMETER_CHARS = 200;

/** A path that names a route but carries a parameter no id can be: answered 400, never passed on. */
export class PathRefused extends Error {
  override readonly name = 'PathRefused';
  readonly status = 400;
  readonly code = 'invalid_path';
}

/** C0/C1 controls, DEL and lone surrogates: no id we issue contains them, and logs and keys should not either. */
const controlOrBroken = /[\u0000-\u001F\u007F-\u009F]|\p{Cs}/u;

/** Refuses a path parameter (already decoded) that cannot be one of our ids. */
export function checkPathParameter(name: string, value: string): string {
  if (value.length > MAX_PATH_PARAMETER_CHARS) {
    throw new PathRefused(`path parameter ${name} is ${value.length} characters long; the limit is ${MAX_PATH_PARAMETER_CHARS}`);
  }
  if (controlOrBroken.test(value)) throw new PathRefused(`path parameter ${name} contains control characters`);
  return value;
}

/** Checks every parameter API Gateway passed (it decodes them itself); returns them unchanged. */
export function checkPathParameters(params: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) if (value !== undefined) out[name] = checkPathParameter(name, value);
  return out;
}

function decodeSegment(name: string, segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new PathRefused(`path parameter ${name} has a malformed percent-encoding (${JSON.stringify(segment.slice(0, 40))}); encode bytes as %XX of UTF-8`);
  }
  return checkPathParameter(name, decoded);
}

/**
 * Matches a concrete path against a route pattern; returns the path parameters
 * (decoded) or undefined. Literal segments are compared first, so a path of
 * another route is never blamed for its parameters; a path of this route whose
 * parameter is malformed (bad percent-encoding, control characters, too long)
 * throws `PathRefused`.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const isParam = (w: string) => w.startsWith('{') && w.endsWith('}');
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (isParam(w) ? got[i] === '' : w !== got[i]) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (isParam(w)) params[w.slice(1, -1)] = decodeSegment(w.slice(1, -1), got[i]!);
  }
  return params;
}
