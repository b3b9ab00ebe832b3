import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchPath, routeKey, routes } from '../../infra/routes.ts';
import { repoRoot } from '../support/shared.ts';

interface SampleEvent {
  version: string;
  routeKey: string;
  rawPath: string;
  requestContext: { http: { method: string; path: string }; routeKey: string };
  pathParameters?: Record<string, string>;
}

const dir = join(repoRoot, 'events', 'api');
const samples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, event: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SampleEvent }));

describe('sample API Gateway events in events/api', () => {
  it('cover every route of the HTTP contract', () => {
    const covered = new Set(samples.map((s) => s.event.routeKey));
    const missing = routes.map(routeKey).filter((key) => !covered.has(key));
    expect(missing).toEqual([]);
  });

  it.each(samples)('$file is a v2 event whose path matches its route', ({ event }) => {
    expect(event.version).toBe('2.0');
    const route = routes.find((r) => routeKey(r) === event.routeKey);
    expect(route, `no route ${event.routeKey}`).toBeDefined();
    expect(event.requestContext.routeKey).toBe(event.routeKey);
    expect(event.requestContext.http.method).toBe(route!.method);
    expect(event.requestContext.http.path).toBe(event.rawPath);
    const params = matchPath(route!.path, event.rawPath);
    expect(params, `${event.rawPath} does not match ${route!.path}`).toBeDefined();
    if (Object.keys(params!).length > 0) expect(event.pathParameters).toEqual(params);
  });
});
