/**
 * What a partner uses to see how its endpoint is doing: test events, the
 * filtered delivery log, the 24-hour stats, and GET /me. Real handler, real
 * adapters on DynamoDB Local, real loopback receivers that verify signatures
 * with the `standardwebhooks` package.
 */
import { createHttpSender } from '#adapters/http-sender.ts';
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { encodeCursor } from '#adapters/cursor.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { AttemptRecord } from '#core/webhooks/ports.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../deliver/harness.ts';
import { receiversClosedAfterEach } from '../deliver/loopback-receiver.ts';
import { useLocalServices } from '../support/services.ts';
import { subscriptionsApi } from './api-harness.ts';

beforeAll(async () => {
  await useLocalServices('subscriptions-observability');
});
const startReceiver = receiversClosedAfterEach();

const minutesAgo = (h: Harness, minutes: number) => new Date(h.clock().getTime() - minutes * 60_000).toISOString();

async function logged(h: Harness, subscriptionId: string, attempts: Array<Partial<AttemptRecord> & { minutesAgo: number; outcome: AttemptRecord['outcome'] }>) {
  let n = 0;
  for (const { minutesAgo: m, ...a } of attempts) {
    await h.deliveries.logAttempt({
      subscriptionId, deliveryId: `msg_seed_${++n}`, eventType: 'article.published', articleId: `art_${n}`, round: 0, attempt: 1,
      durationMs: 100 * n, ...a, at: minutesAgo(h, m),
    });
  }
}

describe('POST /subscriptions/{id}/test', () => {
  it('sends a signed example event with the custom headers and answers with what the receiver said; the log keeps it as a test', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const receiver = await startReceiver((_r, _i, res) => res.writeHead(202, { 'content-type': 'text/plain' }).end('thanks, got it'));
    const created = await call('POST', '/subscriptions', { url: receiver.url, headers: { 'X-Partner-Token': 'tok-1' } });
    receiver.secrets.push(created.body.secret);
    const id = created.body.id as string;

    const sent = await call('POST', `/subscriptions/${id}/test`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ event: 'article.published', delivered: true, status: 202, response: 'thanks, got it', webhookId: expect.stringMatching(/^msg_test_[0-9a-f]{24}$/) });
    expect(sent.body.durationMs).toEqual(expect.any(Number));
    expect(sent.body.error).toBeUndefined();

    const [request] = receiver.requests;
    expect(receiver.requests).toHaveLength(1);
    expect(request!.verifiedBy).toEqual([0]);
    expect(request!.headers['x-partner-token']).toBe('tok-1');
    expect(request!.headers['webhook-id']).toBe(sent.body.webhookId);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ type: 'article.published', data: { id: 'art_test_example', test: true } });

    const log = await call('GET', `/subscriptions/${id}/deliveries`);
    expect(log.body.attempts).toEqual([expect.objectContaining({ deliveryId: sent.body.webhookId, test: true, outcome: 'delivered', status: 202, eventType: 'article.published' })]);
    // Not a delivery: nothing to replay, and the stats do not count it.
    expect((await call('POST', `/subscriptions/${id}/replay`, { deliveryId: sent.body.webhookId })).status).toBe(404);
    expect((await call('GET', `/subscriptions/${id}/stats`)).body).toMatchObject({ attempts: 0, successRate: null });
  });

  it('signs with the current secret and the one in its grace period, as deliveries do', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const receiver = await startReceiver();
    const created = await call('POST', '/subscriptions', { url: receiver.url });
    const rotated = await call('POST', `/subscriptions/${created.body.id}/rotate-secret`);
    receiver.secrets.push(rotated.body.secret, created.body.secret);
    expect((await call('POST', `/subscriptions/${created.body.id}/test`)).body.delivered).toBe(true);
    expect(receiver.requests[0]!.verifiedBy).toEqual([0, 1]);
  });

  it('sends the event type asked for, when the subscription takes it, and refuses others and junk with 400', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const receiver = await startReceiver();
    const created = await call('POST', '/subscriptions', { url: receiver.url, events: ['article.withdrawn', 'article.updated'] });
    const id = created.body.id as string;
    expect((await call('POST', `/subscriptions/${id}/test`)).body.event).toBe('article.withdrawn');
    expect((await call('POST', `/subscriptions/${id}/test`, { event: 'article.updated' })).body.event).toBe('article.updated');
    expect(JSON.parse(receiver.requests[1]!.body).data).toMatchObject({ version: 2, status: 'published' });

    const refused = await call('POST', `/subscriptions/${id}/test`, { event: 'article.published' });
    expect(refused).toEqual({ status: 400, body: { error: { code: 'invalid_test_event', message: 'event: this subscription takes only article.withdrawn, article.updated' } } });
    for (const junk of [{ event: 'article.deleted' }, { event: 7 }, { type: 'article.updated' }, [], 'x']) {
      expect((await call('POST', `/subscriptions/${id}/test`, junk)).body.error.code).toBe('invalid_test_event');
    }
    expect(receiver.requests).toHaveLength(2);
  });

  it('reports a failing receiver and a refused address as answers, not errors', async () => {
    const h = harness();
    const failing = await startReceiver((_r, _i, res) => res.writeHead(500).end('database on fire'));
    const { call } = subscriptionsApi(h);
    const made = await call('POST', '/subscriptions', { url: failing.url });
    const failed = await call('POST', `/subscriptions/${made.body.id}/test`);
    expect(failed.body).toMatchObject({ delivered: false, status: 500, response: 'database on fire', error: 'HTTP 500' });
    expect((await call('GET', `/subscriptions/${made.body.id}/deliveries`)).body.attempts[0]).toMatchObject({ test: true, outcome: 'give_up' });

    // The send-time address check still applies: a sender that refuses loopback never connects.
    const strict = subscriptionsApi(h, true, createHttpSender({ policy: { allowLoopback: false } }));
    const target = await startReceiver();
    const sub = await strict.call('POST', '/subscriptions', { url: target.url });
    const refused = await strict.call('POST', `/subscriptions/${sub.body.id}/test`);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ delivered: false, error: expect.stringMatching(/^refused_address: /) });
    expect(refused.body.status).toBeUndefined();
    expect(target.requests).toHaveLength(0);
  });
});

describe('GET /subscriptions/{id}/deliveries, filtered', () => {
  it('filters by status, event type and time range, each entry with its event, article and webhook-id', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const id = (await call('POST', '/subscriptions', { url: 'https://hooks.example.com/log' })).body.id as string;
    await logged(h, id, [
      { minutesAgo: 180, outcome: 'delivered', status: 200 },
      { minutesAgo: 120, outcome: 'give_up', status: 500, error: 'HTTP 500', eventType: 'article.updated' },
      { minutesAgo: 60, outcome: 'retry', status: 503, error: 'HTTP 503' },
      { minutesAgo: 30, outcome: 'delivered', status: 204, eventType: 'article.withdrawn' },
    ]);
    const ids = async (query: Record<string, string>) => (await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, query)).body.attempts.map((a: AttemptRecord) => a.deliveryId);

    expect(await ids({})).toEqual(['msg_seed_4', 'msg_seed_3', 'msg_seed_2', 'msg_seed_1']);
    expect(await ids({ status: 'failed' })).toEqual(['msg_seed_3', 'msg_seed_2']);
    expect(await ids({ status: 'delivered' })).toEqual(['msg_seed_4', 'msg_seed_1']);
    expect(await ids({ event: 'article.updated' })).toEqual(['msg_seed_2']);
    expect(await ids({ from: minutesAgo(h, 120), to: minutesAgo(h, 60) })).toEqual(['msg_seed_3', 'msg_seed_2']);
    expect(await ids({ from: minutesAgo(h, 90), status: 'failed' })).toEqual(['msg_seed_3']);
    expect(await ids({ to: minutesAgo(h, 150) })).toEqual(['msg_seed_1']);

    const entry = (await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, { event: 'article.updated' })).body.attempts[0];
    expect(entry).toMatchObject({ deliveryId: 'msg_seed_2', eventType: 'article.updated', articleId: 'art_2', status: 500, outcome: 'give_up', error: 'HTTP 500' });

    // Pages of one, filtered: the cursor carries on after the last entry shown.
    const first = await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, { status: 'delivered', limit: '1' });
    expect(first.body.attempts.map((a: AttemptRecord) => a.deliveryId)).toEqual(['msg_seed_4']);
    const next = await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, { status: 'delivered', limit: '1', cursor: first.body.cursor });
    expect(next.body.attempts.map((a: AttemptRecord) => a.deliveryId)).toEqual(['msg_seed_1']);
  });

  it('refuses each bad filter with its own 400, reading nothing', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const id = (await call('POST', '/subscriptions', { url: 'https://hooks.example.com/log' })).body.id as string;
    const other = (await call('POST', '/subscriptions', { url: 'https://hooks.example.com/other' })).body.id as string;
    const code = async (query: Record<string, string>) => {
      const res = await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, query);
      expect(res.status).toBe(400);
      return res.body.error.code;
    };
    expect(await code({ status: 'sleeping' })).toBe('invalid_status');
    expect(await code({ status: '' })).toBe('invalid_status');
    expect(await code({ event: 'article.deleted' })).toBe('invalid_event');
    expect(await code({ from: 'yesterday' })).toBe('invalid_time');
    expect(await code({ from: '2024-13-45T99:99:99Z' })).toBe('invalid_time');
    expect(await code({ to: '2024-05-01T08:00' })).toBe('invalid_time'); // a time without a zone
    expect(await code({ from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00+02:00' })).toBe('invalid_range');
    expect(await code({ limit: '0' })).toBe('invalid_limit');
    expect(await code({ limit: '201' })).toBe('invalid_limit');
    expect(await code({ limit: '1e3' })).toBe('invalid_limit');
    expect(await code({ cursor: 'not-ours' })).toBe('invalid_cursor');
    // A well-formed key of another subscription's log, or outside the asked range, is not a cursor for this one.
    expect(await code({ cursor: encodeCursor({ pk: `SUBSCRIPTION#${other}`, sk: 'ATTEMPT#2024-05-01T00:00:00.000Z#msg_x#001' }) })).toBe('invalid_cursor');
    expect(await code({ from: '2024-05-01T00:00:00Z', cursor: encodeCursor({ pk: `SUBSCRIPTION#${id}`, sk: 'ATTEMPT#2020-01-01T00:00:00.000Z#msg_x#001' }) })).toBe('invalid_cursor');
    expect((await call('GET', `/subscriptions/${id}/deliveries`, undefined, undefined, { from: '2024-05-01', to: '2024-05-01T10:00:00+02:00' })).status).toBe(200);
  });
});

describe('GET /subscriptions/{id}/stats', () => {
  it('gives success rate, p50/p95 latency, attempts per hour, the last error and the derived circuit state, tests left out', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const id = (await call('POST', '/subscriptions', { url: 'https://hooks.example.com/stats' })).body.id as string;
    await logged(h, id, [
      { minutesAgo: 25 * 60, outcome: 'give_up', status: 500, error: 'HTTP 500' }, // outside the window
      { minutesAgo: 180, outcome: 'delivered', status: 200, durationMs: 100 },
      { minutesAgo: 120, outcome: 'delivered', status: 200, durationMs: 300 },
      { minutesAgo: 60, outcome: 'retry', status: 503, error: 'HTTP 503', durationMs: 900 },
      { minutesAgo: 10, outcome: 'delivered', status: 200, durationMs: 200, test: true },
    ]);
    const stats = (await call('GET', `/subscriptions/${id}/stats`)).body;
    expect(stats).toMatchObject({
      subscriptionId: id, status: 'active', attempts: 3, delivered: 2, failed: 1, successRate: 2 / 3,
      latency: { p50Ms: 300, p95Ms: 900 },
      lastError: { deliveryId: 'msg_seed_4', status: 503, error: 'HTTP 503', at: minutesAgo(h, 60) },
      circuit: { state: 'closed', failuresInARow: 1, source: 'derived' },
      complete: true, readLimit: 1000, window: { hours: 24, to: h.clock().toISOString() },
    });
    expect(stats.circuitNote).toMatch(/per|each deliver container/);
    expect(stats.hourly).toHaveLength(24);
    expect(stats.hourly.reduce((n: number, b: { delivered: number; failed: number }) => n + b.delivered + b.failed, 0)).toBe(3);

    // Five more failures (six in a row; the test between them does not count) open the breaker, for its open period after the last.
    await logged(h, id, Array.from({ length: 5 }, (_, i) => ({ minutesAgo: 0, outcome: 'retry' as const, status: 500, deliveryId: `msg_fail_${i}` })));
    const open = (await call('GET', `/subscriptions/${id}/stats`)).body;
    expect(open.circuit).toEqual({ state: 'open', failuresInARow: 6, openUntil: new Date(h.clock().getTime() + 30_000).toISOString(), source: 'derived' });
    h.advance(31);
    expect((await call('GET', `/subscriptions/${id}/stats`)).body.circuit.state).toBe('half_open');
  });
});

describe('GET /me', () => {
  it('says what kind of key the caller holds and which routes it opens', async () => {
    const { call } = subscriptionsApi(harness());
    const admin = (await call('GET', '/me')).body;
    expect(admin).toMatchObject({ kind: 'admin', scope: expect.stringMatching(/^everything/) });
    expect(admin.routes).toEqual(expect.arrayContaining(['POST /partners', 'POST /articles', 'GET /subscriptions/{id}/stats', 'GET /me', 'GET /publishers']));
    expect(admin.routes).not.toContain('GET /health');

    const partnerId = `me-partner-${process.pid}`;
    const partnerKey = (await call('POST', '/partners', { id: partnerId, name: 'Me Partner' })).body.apiKey;
    const partner = (await call('GET', '/me', undefined, partnerKey)).body;
    expect(partner).toMatchObject({ kind: 'partner', partnerId, name: 'Me Partner' });
    expect(partner.routes).toEqual(expect.arrayContaining(['GET /subscriptions', 'POST /subscriptions/{id}/test', 'GET /subscriptions/{id}/stats']));
    expect(partner.routes).not.toContain('POST /partners');
    expect(partner.routes).not.toContain('GET /publishers');
    expect(partner.routes).not.toContain('POST /articles');

    const publisherKey = newApiKey();
    await new DynamoPublisherRepository(documentClient(), tableName()).create({ id: `me-wire-${process.pid}`, name: 'Me Wire' }, hashKey(publisherKey), new Date().toISOString());
    const publisher = (await call('GET', '/me', undefined, publisherKey)).body;
    expect(publisher).toMatchObject({ kind: 'publisher', publisherId: `me-wire-${process.pid}` });
    expect(publisher.routes).toEqual(expect.arrayContaining(['POST /articles', 'GET /me']));
    expect(publisher.routes).not.toContain('GET /subscriptions');
    expect(publisher.routes).not.toContain('GET /publishers');

    expect((await call('GET', '/me', undefined, '')).status).toBe(401);
    expect((await call('GET', '/me', undefined, 'synd_not-a-key')).status).toBe(401);
  });
});
