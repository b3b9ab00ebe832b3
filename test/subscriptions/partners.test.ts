import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { parseRetrySchedule } from '#core/webhooks/retry-policy.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { sampleArticle, sampleEvent } from '../core/webhooks/article-fixture.ts';
import { receiversClosedAfterEach } from '../deliver/loopback-receiver.ts';
import { harness } from '../deliver/harness.ts';
import { useLocalServices, type TestServices } from '../support/services.ts';
import { subscriptionsApi } from './api-harness.ts';

let services: TestServices;
beforeAll(async () => {
  services = await useLocalServices('partners');
});
const startReceiver = receiversClosedAfterEach();

let partnerCount = 0;
async function partner(call: ReturnType<typeof subscriptionsApi>['call']): Promise<{ id: string; key: string }> {
  const id = `partner-${process.pid}-${++partnerCount}`;
  const created = await call('POST', '/partners', { id, name: `Partner ${partnerCount}` });
  expect(created.status).toBe(201);
  return { id, key: created.body.apiKey };
}

/** What enqueue would send for this event, by subscription. */
/**
 * Who an event goes to now. The same sample event is fanned out again and again here, so its payload is stored
 * without the hand-over mark (enqueue.ts), which would rightly queue nothing the second time.
 */
async function fanOut(h: ReturnType<typeof harness>, event = sampleEvent()): Promise<DeliveryMessage[]> {
  const sent: DeliveryMessage[] = [];
  const store = new DynamoPayloadStore(documentClient(), tableName());
  const payloads = { put: (key: string, body: string) => store.put(key, body) };
  await enqueueDeliveries([event], { subscriptions: h.subscriptions, payloads, queue: { sendEach: async (m) => (sent.push(...m), []) }, publicBaseUrl: 'https://api.example.org' });
  return sent;
}

describe('partners', () => {
  it('are created by the admin with a key shown once and stored only as its hash; ids are unique; keys rotate', async () => {
    const { call } = subscriptionsApi(harness());
    const p = await partner(call);
    expect(p.key).toMatch(/^synd_/);
    expect(JSON.stringify(await services.scanAll())).not.toContain(p.key);
    expect((await call('POST', '/partners', { id: p.id, name: 'Again' })).body.error.code).toBe('partner_exists');
    expect((await call('POST', '/partners', { id: 'Not A Slug', name: 'x' })).status).toBe(400);
    expect((await call('POST', '/partners', { id: 'pier-partner', name: 'x' }, p.key)).status).toBe(403);

    const rotated = await call('POST', `/partners/${p.id}/rotate-key`);
    expect(rotated.status).toBe(200);
    expect((await call('GET', '/subscriptions', undefined, p.key)).status).toBe(401);
    expect((await call('GET', '/subscriptions', undefined, rotated.body.apiKey)).status).toBe(200);
    expect((await call('POST', '/partners/nobody-here/rotate-key')).status).toBe(404);
  });

  it("keys reach only their own partner's subscriptions: another's cannot be read, listed, changed, tested, replayed or deleted", async () => {
    const { call } = subscriptionsApi(harness());
    const a = await partner(call);
    const b = await partner(call);
    const mine = await call('POST', '/subscriptions', { url: 'https://hooks.example.com/a' }, a.key);
    expect(mine.status).toBe(201);
    expect(mine.body.partnerId).toBe(a.id);
    expect((await call('POST', '/subscriptions', { url: 'https://hooks.example.com/a', partnerId: b.id }, a.key)).status).toBe(400);
    const id = mine.body.id as string;

    const notFound = { status: 404, body: { error: { code: 'subscription_not_found', message: `no subscription ${id}` } } };
    expect(await call('GET', `/subscriptions/${id}`, undefined, b.key)).toEqual(notFound);
    expect(await call('PATCH', `/subscriptions/${id}`, { url: 'https://evil.example.com/' }, b.key)).toEqual(notFound);
    expect(await call('GET', `/subscriptions/${id}/deliveries`, undefined, b.key)).toEqual(notFound);
    expect(await call('GET', `/subscriptions/${id}/deliveries`, undefined, b.key, { status: 'failed', from: '2024-05-01T00:00:00Z' })).toEqual(notFound);
    // Ownership is judged before the filters: junk from another partner still learns nothing.
    expect(await call('GET', `/subscriptions/${id}/deliveries`, undefined, b.key, { status: 'sleeping' })).toEqual(notFound);
    expect(await call('GET', `/subscriptions/${id}/stats`, undefined, b.key)).toEqual(notFound);
    expect(await call('POST', `/subscriptions/${id}/test`, undefined, b.key)).toEqual(notFound);
    expect(await call('POST', `/subscriptions/${id}/test`, { event: 'article.updated' }, b.key)).toEqual(notFound);
    expect(await call('POST', `/subscriptions/${id}/replay`, { since: '2000-01-01T00:00:00Z' }, b.key)).toEqual(notFound);
    expect(await call('POST', `/subscriptions/${id}/rotate-secret`, undefined, b.key)).toEqual(notFound);
    expect(await call('DELETE', `/subscriptions/${id}`, undefined, b.key)).toEqual(notFound);
    expect((await call('GET', '/subscriptions', undefined, b.key)).body.subscriptions).toEqual([]);
    expect((await call('GET', '/subscriptions', undefined, b.key, { partner: a.id })).status).toBe(400);

    // The owner and the admin still see it, unchanged.
    expect((await call('GET', `/subscriptions/${id}`, undefined, a.key)).body.url).toBe('https://hooks.example.com/a');
    expect((await call('GET', `/subscriptions/${id}/stats`, undefined, a.key)).body.subscriptionId).toBe(id);
    expect((await call('GET', `/subscriptions/${id}/deliveries`, undefined, a.key, { status: 'failed' })).status).toBe(200);
    expect((await call('GET', '/subscriptions', undefined, a.key)).body.subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await call('GET', '/subscriptions', undefined, undefined, { partner: a.id })).body.subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await call('DELETE', `/subscriptions/${id}`, undefined, a.key)).status).toBe(204);
  });

  it('the admin makes a subscription for a named partner only when that partner exists', async () => {
    const { call } = subscriptionsApi(harness());
    const p = await partner(call);
    const made = await call('POST', '/subscriptions', { url: 'https://hooks.example.com/p', partnerId: p.id });
    expect(made.body.partnerId).toBe(p.id);
    expect((await call('GET', `/subscriptions/${made.body.id}`, undefined, p.key)).status).toBe(200);
    expect((await call('POST', '/subscriptions', { url: 'https://hooks.example.com/p', partnerId: 'no-such-partner' })).body.error.message).toBe(
      'partnerId: no partner no-such-partner; create it with POST /partners first',
    );
  });
});

describe('GET /subscriptions', () => {
  it('pages with an opaque cursor and filters by status, tag and event type', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const p = await partner(call);
    const make = (body: object) => call('POST', '/subscriptions', { url: 'https://hooks.example.com/x', ...body }, p.key);
    const all = await make({});
    const transport = await make({ tags: ['transport'] });
    const kills = await make({ events: ['article.withdrawn'] });
    await call('PATCH', `/subscriptions/${kills.body.id}`, { enabled: false }, p.key);

    const ids = (r: { body: { subscriptions: Array<{ id: string }> } }) => r.body.subscriptions.map((s) => s.id);
    const first = await call('GET', '/subscriptions', undefined, p.key, { limit: '2' });
    expect(ids(first)).toEqual([all.body.id, transport.body.id]);
    const second = await call('GET', '/subscriptions', undefined, p.key, { limit: '2', cursor: first.body.cursor });
    expect(ids(second)).toEqual([kills.body.id]);
    expect(second.body.cursor).toBeUndefined();

    expect(ids(await call('GET', '/subscriptions', undefined, p.key, { tag: 'transport' }))).toEqual([transport.body.id]);
    expect(ids(await call('GET', '/subscriptions', undefined, p.key, { status: 'disabled' }))).toEqual([kills.body.id]);
    expect(ids(await call('GET', '/subscriptions', undefined, p.key, { event: 'article.published' }))).toEqual([all.body.id, transport.body.id]);
    expect((await call('GET', '/subscriptions', undefined, p.key, { status: 'sleeping' })).body.error.message).toBe('status: active or disabled');
    expect((await call('GET', '/subscriptions', undefined, p.key, { cursor: 'not-ours' })).body.error.code).toBe('invalid_cursor');
    const listed = (await call('GET', '/subscriptions', undefined, p.key, { tag: 'transport' })).body.subscriptions[0];
    expect(JSON.stringify(listed)).not.toMatch(/whsec_|secrets/);
  });
});

describe('GET /subscriptions/{id}', () => {
  it('shows each signing secret by id and validity, never a placeholder or the secret', async () => {
    const { call } = subscriptionsApi(harness());
    const created = await call('POST', '/subscriptions', { url: 'https://hooks.example.com/s' });
    expect(created.body.signingSecrets).toEqual([{ id: expect.stringMatching(/^sec_[0-9a-f]{16}$/), current: true }]);
    const firstId = created.body.signingSecrets[0].id;
    const rotated = await call('POST', `/subscriptions/${created.body.id}/rotate-secret`);
    const shown = await call('GET', `/subscriptions/${created.body.id}`);
    expect(shown.body.signingSecrets).toEqual([
      { id: expect.stringMatching(/^sec_/), current: true },
      { id: firstId, current: false, validUntil: rotated.body.previousValidUntil },
    ]);
    expect(JSON.stringify(shown.body)).not.toContain(created.body.secret.slice(6));
    expect(JSON.stringify(shown.body)).not.toContain(rotated.body.secret.slice(6));
  });
});

describe('PATCH /subscriptions/{id}', () => {
  it('changes URL, filters and description, judging the URL as at creation', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h, false);
    const created = await call('POST', '/subscriptions', { url: 'https://hooks.example.com/1', tags: ['transport'], description: 'ferries' });
    const id = created.body.id;
    const patched = await call('PATCH', `/subscriptions/${id}`, { url: 'https://hooks.example.com/2', tags: ['harbour-town'], events: ['article.updated'], description: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ url: 'https://hooks.example.com/2', tags: ['harbour-town'], events: ['article.updated'] });
    expect(patched.body.description).toBeUndefined();
    expect(await call('PATCH', `/subscriptions/${id}`, { url: 'http://169.254.169.254/latest/' })).toEqual({
      status: 400, body: { error: { code: 'target_refused', message: 'webhook target refused: 169.254.169.254 is a cloud metadata address' } },
    });
    expect((await call('PATCH', `/subscriptions/${id}`, { colour: 'red' })).body.error.code).toBe('invalid_subscription');
    expect((await call('PATCH', `/subscriptions/${id}`, { events: ['article.deleted'] })).body.error.code).toBe('invalid_subscription');

    // The match index moved with the tags: the old tag no longer reaches it, the new one does.
    const moved = await fanOut(h, sampleEvent('article.updated', sampleArticle({ tags: [] })));
    expect(moved.map((m) => m.subscriptionId)).not.toContain(id);
    expect((await fanOut(h, sampleEvent('article.updated'))).map((m) => m.subscriptionId)).toContain(id);
  });

  it('refuses by name the headers that would break signing or routing, and sends the others with each delivery', async () => {
    const h = harness();
    const { call } = subscriptionsApi(h);
    const r = await startReceiver();
    const created = await call('POST', '/subscriptions', { url: r.url, tags: ['transport'] });
    r.secrets.push(created.body.secret);
    const id = created.body.id;
    for (const name of ['webhook-signature', 'Webhook-Id', 'content-type', 'Host', 'content-length', 'transfer-encoding', 'user-agent']) {
      const refused = await call('PATCH', `/subscriptions/${id}`, { headers: { [name]: 'x' } });
      expect(refused.body.error).toEqual({ code: 'invalid_subscription', message: `headers: header ${name.toLowerCase()} is set by the webhook sender and cannot be overridden` });
    }
    expect((await call('PATCH', `/subscriptions/${id}`, { headers: { 'x-token': 'a\r\nx-evil: 1' } })).body.error.message).toMatch(/control characters/);
    const set = await call('PATCH', `/subscriptions/${id}`, { headers: { Authorization: 'Bearer partner-gateway-token', 'X-Route': 'ferries' } });
    expect(set.body.customHeaders).toEqual(['authorization', 'x-route']);
    expect(JSON.stringify(set.body)).not.toContain('partner-gateway-token');
    expect(JSON.stringify(await services.scanAll())).not.toContain('partner-gateway-token');

    const message = (await fanOut(h)).find((m) => m.subscriptionId === id)!;
    expect(await h.drain(message)).toEqual([{ kind: 'done', reason: 'delivered' }]);
    expect(r.requests[0]!.headers).toMatchObject({ authorization: 'Bearer partner-gateway-token', 'x-route': 'ferries' });
    expect(r.requests[0]!.verifiedBy).toEqual([0]);
  });

  it('disables and re-enables an endpoint, keeping its secret, and replays what it missed when asked', async () => {
    const h = harness({ policy: { schedule: parseRetrySchedule('0') } });
    const { call, queued } = subscriptionsApi(h);
    let up = false;
    const r = await startReceiver((_q, _i, res) => res.writeHead(up ? 204 : 503).end());
    const created = await call('POST', '/subscriptions', { url: r.url, tags: ['transport'] });
    const id = created.body.id;
    const message = (await fanOut(h)).find((m) => m.subscriptionId === id)!;
    await h.drain(message);
    expect((await h.deliveries.get(id, message.deliveryId))!.status).toBe('failed');

    const off = await call('PATCH', `/subscriptions/${id}`, { enabled: false });
    expect(off.body).toMatchObject({ status: 'disabled', disabledReason: 'disabled through the API' });
    expect((await fanOut(h)).map((m) => m.subscriptionId)).not.toContain(id);
    expect((await call('PATCH', `/subscriptions/${id}`, { replay: true })).body.error.message).toMatch(/only together with "enabled": true/);

    up = true;
    const on = await call('PATCH', `/subscriptions/${id}`, { enabled: true, replay: true });
    expect(on.body).toMatchObject({ status: 'active', replayed: [message.deliveryId] });
    expect(on.body.disabledAt).toBeUndefined();
    expect((await fanOut(h)).map((m) => m.subscriptionId)).toContain(id);
    r.secrets.push(created.body.secret);
    expect(await h.drain(queued[0]!)).toEqual([{ kind: 'done', reason: 'delivered' }]);
    expect(r.requests.at(-1)!.verifiedBy).toEqual([0]);
    expect(r.requests.at(-1)!.headers['webhook-id']).toBe(message.deliveryId);
  });
});
