/**
 * Paths and ids a client can get wrong: a malformed percent-encoding, an id
 * longer than any we issue (or than a DynamoDB key holds), control characters.
 * Each is a 400 naming the problem, on every id route of the ingest and
 * subscriptions functions, and leaves the table and the bucket as they were.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes, routeKey } from '../../infra/routes.ts';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, snapshot, adminKey } = await ingestHarness('paths');
const { createSubscriptionsHandler } = await import('../../functions/subscriptions/handler.ts');
const { Authenticator } = await import('../../functions/adapters/auth.ts');
const subscriptions = createSubscriptionsHandler({
  // No id here reaches a use case: the dependencies are never called.
  manage: {} as never,
  replay: {} as never,
  deliveries: {} as never,
  partners: {} as never,
  sender: {} as never,
  auth: new Authenticator({ byKeyHash: async () => undefined } as never, async () => adminKey),
});

/** The event API Gateway sends for `path` on `route`: routeKey set, the raw path as typed. */
function eventOn(method: string, pattern: string, path: string): APIGatewayProxyEventV2 {
  const base = apiEvent(method, '/health', { key: adminKey, body: '{}', contentType: 'application/json' });
  return { ...base, routeKey: `${method} ${pattern}`, rawPath: path, requestContext: { ...base.requestContext, routeKey: `${method} ${pattern}`, http: { ...base.requestContext.http, method, path } } };
}

const badIds = [
  { name: 'a truncated escape', segment: '%E0%A4%A' },
  { name: 'an invalid byte', segment: '%ff' },
  { name: 'a lone %', segment: '%' },
  { name: 'a non-hex escape', segment: '%zz' },
  { name: '3,000 × a', segment: 'a'.repeat(3000) },
  { name: '1,500 × ü', segment: encodeURIComponent('ü'.repeat(1500)) },
  { name: 'a NUL', segment: 'art_%00' },
];
const idRoutes = routes.filter((r) => r.path.includes('{id}'));

describe('paths: malformed or impossible ids are 400, never 5xx', () => {
  it.each(badIds)('$name: 400 invalid_path on every id route, nothing stored', async ({ segment }) => {
    const before = await snapshot();
    for (const route of idRoutes) {
      const path = route.path.replace('{id}', segment);
      const call = route.function === 'ingest' ? handler : subscriptions;
      const result = await call(eventOn(route.method, route.path, path));
      expect(result.statusCode, `${routeKey(route)} ${path.slice(0, 40)}: ${result.body}`).toBe(400);
      expect(bodyOf<{ error: { code: string } }>(result).error.code).toBe('invalid_path');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an over-long id that API Gateway already decoded into pathParameters', async () => {
    const event = { ...eventOn('GET', '/articles/{id}', '/articles/x'), pathParameters: { id: 'ü'.repeat(1500) } };
    const result = await handler(event);
    expect(result.statusCode).toBe(400);
    expect(bodyOf<{ error: { message: string } }>(result).error.message).toMatch(/1500 characters long; the limit is 200/);
  });

  it('still answers 404 for a well-formed id nobody has', async () => {
    expect((await handler(eventOn('GET', '/articles/{id}', '/articles/art_nosuchthing'))).statusCode).toBe(404);
  });

  it('refuses list filters and replay ids too long for a table key', async () => {
    const list = await handler(apiEvent('GET', '/articles', { query: { tag: 't'.repeat(3000) } }));
    expect(list.statusCode).toBe(400);
    expect(bodyOf<{ error: { code: string } }>(list).error.code).toBe('invalid_request');
  });
});
