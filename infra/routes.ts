/**
 * The HTTP contract as data. The CDK stack turns each entry into an API Gateway
 * route; the local runtime matches requests against the same list and invokes
 * the same handler with an API-Gateway-shaped (v2) event. One list, two hosts.
 *
 * Paths use API Gateway's `{param}` syntax. `/articles/{id}.ninjs` is served by
 * the `/articles/{id}` route because HTTP APIs only bind whole path segments.
 */
export type FunctionName = 'ingest' | 'subscriptions';
/**
 * Who a route admits. `publisher` and `partner` routes admit the admin too; a
 * partner reaches only its own subscriptions (checked in the handler, which
 * answers 404 for another partner's, so ids cannot be probed).
 */
export type Access = 'public' | 'publisher' | 'partner' | 'admin';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  function: FunctionName;
  access: Access;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', function: 'ingest', access: 'public' },
  { method: 'POST', path: '/articles', function: 'ingest', access: 'publisher' },
  { method: 'GET', path: '/articles', function: 'ingest', access: 'public' },
  { method: 'GET', path: '/articles/{id}', function: 'ingest', access: 'public' },
  { method: 'PUT', path: '/articles/{id}', function: 'ingest', access: 'publisher' },
  { method: 'DELETE', path: '/articles/{id}', function: 'ingest', access: 'publisher' },
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
];

/** `GET /articles/{id}` style key, as API Gateway writes `routeKey`. */
export const routeKey = (route: Route): string => `${route.method} ${route.path}`;

/** Matches a concrete path against a route pattern; returns the path parameters or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}
