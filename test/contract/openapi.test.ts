/**
 * The OpenAPI document is the contract partners code against, so:
 * 1. every route of infra/routes.ts is in it, with its method, its access level and the matching
 *    security, and is described in functions/contract/operations.ts (no generic placeholder);
 * 2. `@redocly/cli lint` finds no error in it (offline: telemetry and update checks off);
 * 3. `GET /openapi.json` serves it, and what the real handlers answer (through the local API server,
 *    on DynamoDB Local and s3rver) matches the schemas it documents for those routes and statuses.
 * Adding a route: describe it in operations.ts, run `npm run schema`, and add its answers below.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi.ts';
import { operations } from '../../functions/contract/operations.ts';
import { startApiServer, type ApiServer } from '../../infra/local/api/server.ts';
import { loadHandler } from '../../infra/local/functions.ts';
import { routeKey, routes } from '../../infra/routes.ts';
import { startLocalQueues, type LocalQueues } from '../deliver/local-queues.ts';
import { conformance } from '../support/contract.ts';
import { repoRoot } from '../support/shared.ts';
import { useHandlerEnvironment } from '../support/handler-env.ts';
import { useLocalServices } from '../support/services.ts';

type Json = Record<string, unknown>;
const document = openApiDocument();
const paths = document.paths as Record<string, Record<string, Json>>;
const contract = conformance(document);

describe('the OpenAPI document', () => {
  it.each(routes.map((r) => [routeKey(r), r] as const))('has %s with its access level', (_key, route) => {
    const operation = paths[route.path]?.[route.method.toLowerCase()];
    expect(operation, `${routeKey(route)} missing`).toBeDefined();
    expect(operation!['x-access']).toBe(route.access);
    const security = operation!.security as Json[];
    if (route.access === 'public') expect(security).toEqual([]);
    else expect(security.flatMap((s) => Object.keys(s))).toContain('adminKey');
    if (route.access === 'partner') expect(security).toContainEqual({ partnerKey: [] });
    if (route.access === 'publisher') expect(security).toContainEqual({ publisherKey: [] });
  });

  it('describes every route in functions/contract/operations.ts', () => {
    expect(routes.map(routeKey).filter((key) => !operations[key])).toEqual([]);
  });

  it('is OpenAPI 3.1 with a webhook entry per event type, each with its payload schema', () => {
    expect(document.openapi).toBe('3.1.0');
    const webhooks = document.webhooks as Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
    expect(Object.keys(webhooks).sort()).toEqual(['article.published', 'article.updated', 'article.withdrawn']);
    for (const hook of Object.values(webhooks)) {
      const ref = hook.post.requestBody.content['application/json']!.schema.$ref;
      expect((document.components as { schemas: Json }).schemas[ref.split('/').pop()!]).toBeDefined();
    }
  });

  it('is checked for real: a body that breaks a documented schema is refused', () => {
    expect(() => contract.check('GET', '/health', 200, { status: 'ok' })).not.toThrow();
    expect(() => contract.check('GET', '/health', 200, { status: 'ok', extra: 1 })).toThrow(/does not match/);
    expect(() => contract.check('GET', '/health', 299, { status: 'ok' })).toThrow(/does not list/);
    expect(() => contract.checkSchema('Error', { error: { code: '' } })).toThrow(/does not match/);
  });

  it('has no lint errors by @redocly/cli', async () => {
    const bin = join(repoRoot, 'node_modules', '.bin', 'redocly');
    if (!existsSync(bin)) {
      console.warn('skipped: node_modules/.bin/redocly is not installed (npm ci installs @redocly/cli)');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const run = await promisify(execFile)(bin, ['lint', file, '--format', 'json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { message: string; severity: string }[] };
      expect(report.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('real answers match the document', () => {
  const ADMIN = `contract-admin-${randomBytes(6).toString('hex')}`;
  let api: ApiServer;
  let queues: LocalQueues;

  beforeAll(async () => {
    const services = await useLocalServices('openapi-contract');
    queues = await startLocalQueues();
    useHandlerEnvironment(services, queues, ADMIN);
    api = await startApiServer({
      port: 0,
      functions: (name) => loadHandler<APIGatewayProxyEventV2>(name),
      s3: services.s3,
      bucket: services.bucketName,
      readiness: () => ({ all: true }),
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await queues?.close();
  });

  /** Sends a request and holds its answer to the document's entry for `route` (e.g. `GET /articles/{id}`). */
  async function call(route: string, path: string, init: { key?: string; body?: unknown; contentType?: string } = {}): Promise<{ status: number; body: any }> {
    const method = route.split(' ')[0]!;
    const headers: Record<string, string> = {};
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    contract.check(method, route.slice(method.length + 1), res.status, body);
    return { status: res.status, body };
  }

  it('serves the document at GET /openapi.json', async () => {
    const { status, body } = await call('GET /openapi.json', '/openapi.json');
    expect(status).toBe(200);
    expect({ ...body, servers: undefined }).toEqual({ ...JSON.parse(JSON.stringify(document)), servers: undefined });
  });

  it('articles, publishers and errors', async () => {
    expect((await call('GET /health', '/health')).status).toBe(200);
    const publisher = await call('POST /publishers', '/publishers', { key: ADMIN, body: { id: 'contract-wire', name: 'Contract Wire' } });
    expect(publisher.status).toBe(201);
    const text = 'Contract Wire\n\nEngineers reopen the road bridge below the Tabqa Dam\n\nEngineers reopened the bridge in Syria on Tuesday.';
    const created = await call('POST /articles', '/articles', { key: publisher.body.apiKey, body: text, contentType: 'text/plain' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('POST /articles', '/articles', { key: publisher.body.apiKey, body: text, contentType: 'text/plain' })).status).toBe(200);
    expect((await call('GET /articles/{id}', `/articles/${id}`)).status).toBe(200);
    expect((await call('GET /articles', '/articles?limit=5')).status).toBe(200);
    expect((await call('PUT /articles/{id}', `/articles/${id}`, { key: ADMIN, body: `${text}\n\nA second paragraph.`, contentType: 'text/plain' })).status).toBe(200);
    expect((await call('GET /articles/{id}/versions', `/articles/${id}/versions`)).status).toBe(200);
    expect((await call('GET /articles/{id}/versions/{n}', `/articles/${id}/versions/2`)).status).toBe(200);
    expect((await call('GET /articles/{id}/versions/{n}', `/articles/${id}/versions/0`)).status).toBe(400);
    const listed = await call('GET /publishers', '/publishers?limit=1', { key: ADMIN });
    expect(listed.status).toBe(200);
    expect(listed.body.publishers[0]).toMatchObject({ id: 'contract-wire', status: 'active' });
    expect((await call('GET /publishers', '/publishers?limit=0', { key: ADMIN })).body.error.code).toBe('invalid_limit');
    expect((await call('GET /publishers', '/publishers?cursor=nope', { key: ADMIN })).body.error.code).toBe('invalid_cursor');
    expect((await call('GET /publishers', '/publishers', { key: publisher.body.apiKey })).status).toBe(403);
    expect((await call('POST /publishers/{id}/rotate-key', '/publishers/contract-wire/rotate-key', { key: ADMIN })).status).toBe(200);
    expect((await call('DELETE /articles/{id}', `/articles/${id}`, { key: ADMIN })).status).toBe(200);
    expect((await call('GET /articles/{id}', `/articles/${id}`)).status).toBe(410);
    expect((await call('GET /articles', '/articles?limit=0')).status).toBe(400);
    expect((await call('GET /articles', '/articles?status=withdrawn', { key: ADMIN })).status).toBe(200);
    expect((await call('GET /articles', '/articles?status=withdrawn')).status).toBe(401);
    expect((await call('POST /articles', '/articles', { body: text, contentType: 'text/plain' })).status).toBe(401);
    expect((await call('POST /articles', '/articles', { key: ADMIN, body: 'x', contentType: 'image/png' })).status).toBeGreaterThanOrEqual(400);
  });

  it('partners and subscriptions', async () => {
    const partner = await call('POST /partners', '/partners', { key: ADMIN, body: { id: 'contract-partner', name: 'Contract Partner' } });
    expect(partner.status).toBe(201);
    const key = partner.body.apiKey as string;
    const created = await call('POST /subscriptions', '/subscriptions', { key, body: { url: 'http://127.0.0.1:9/hook', tags: ['syria'] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('GET /subscriptions', '/subscriptions', { key })).status).toBe(200);
    expect((await call('GET /subscriptions/{id}', `/subscriptions/${id}`, { key })).status).toBe(200);
    expect((await call('PATCH /subscriptions/{id}', `/subscriptions/${id}`, { key, body: { description: 'contract test' } })).status).toBe(200);
    expect((await call('POST /subscriptions/{id}/rotate-secret', `/subscriptions/${id}/rotate-secret`, { key })).status).toBe(200);
    expect((await call('GET /subscriptions/{id}/deliveries', `/subscriptions/${id}/deliveries?status=failed`, { key })).status).toBe(200);
    expect((await call('POST /subscriptions/{id}/test', `/subscriptions/${id}/test`, { key, body: { event: 'article.updated' } })).status).toBe(200);
    expect((await call('GET /subscriptions/{id}/stats', `/subscriptions/${id}/stats`, { key })).status).toBe(200);
    expect((await call('GET /me', '/me', { key })).status).toBe(200);
    const events = await call('GET /events', '/events?limit=10', { key });
    expect(events.status).toBe(200);
    expect((await call('GET /events', `/events?after=${events.body.nextCursor}`, { key })).status).toBe(200);
    expect((await call('GET /events', '/events?limit=x', { key })).status).toBe(400);
    expect((await call('POST /subscriptions/{id}/replay', `/subscriptions/${id}/replay`, { key, body: { since: '2024-01-01T00:00:00Z' } })).status).toBe(202);
    expect((await call('GET /subscriptions/{id}', '/subscriptions/sub_nope', { key })).status).toBe(404);
    expect((await call('POST /partners/{id}/rotate-key', '/partners/contract-partner/rotate-key', { key: ADMIN })).status).toBe(200);
    expect((await call('DELETE /subscriptions/{id}', `/subscriptions/${id}`, { key: ADMIN })).status).toBe(204);
  });
});
