import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashKey } from '#adapters/auth.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import { env } from '#infra/definitions.ts';
import { handler } from '../../functions/subscriptions/handler.ts';
import { ADMIN, answer, apiEvent, subscriptionsApi } from './api-harness.ts';
import { deliverOne, signingSecrets } from '../../functions/deliver/deliver-one.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { parseRetrySchedule } from '#core/webhooks/retry-policy.ts';
import { sampleEvent } from '../core/webhooks/article-fixture.ts';
import { harness, type Harness } from '../deliver/harness.ts';
import { useLocalServices, type TestServices } from '../support/services.ts';
import { receiversClosedAfterEach } from '../deliver/loopback-receiver.ts';

let services: TestServices;
beforeAll(async () => {
  services = await useLocalServices('subscriptions-handler');
});
const startReceiver = receiversClosedAfterEach();
const api = subscriptionsApi;

/** Webhook bodies, once per event: what replay reads back (the table is known once the services are up). */
let payloads: DynamoPayloadStore;
beforeAll(() => {
  payloads = new DynamoPayloadStore(documentClient(), tableName());
});

describe('subscriptions API', () => {
  it('creates a subscription, shows its whsec_ secret once, never again, and deletes it', async () => {
    const { call } = api(harness());
    const created = await call('POST', '/subscriptions', { url: 'http://127.0.0.1:9/hook', tags: ['transport'], events: ['article.published'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const fetched = await call('GET', `/subscriptions/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: created.body.id, tags: ['transport'], events: ['article.published'], status: 'active' });
    expect(JSON.stringify(fetched.body)).not.toContain(created.body.secret.slice(6));
    expect(fetched.body.secret).toBeUndefined();

    const raw = await services.documents.send(new (await import('#commons/clients/dynamo-commands.ts')).GetCommand({
      TableName: services.tableName, Key: { pk: `SUBSCRIPTION#${created.body.id}`, sk: 'PROFILE' },
    }));
    expect(JSON.stringify(raw.Item)).not.toContain(created.body.secret.slice(6));

    expect((await call('DELETE', `/subscriptions/${created.body.id}`)).status).toBe(204);
    expect((await call('GET', `/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await call('DELETE', `/subscriptions/${created.body.id}`)).body.error.code).toBe('subscription_not_found');
  });

  it('refuses internal targets with a 400 naming the reason, and bad input with a specific code', async () => {
    const { call } = api(harness(), false);
    const metadata = await call('POST', '/subscriptions', { url: 'http://169.254.169.254/latest/meta-data/' });
    expect(metadata).toEqual({ status: 400, body: { error: { code: 'target_refused', message: 'webhook target refused: 169.254.169.254 is a cloud metadata address' } } });
    expect((await call('POST', '/subscriptions', { url: 'http://127.0.0.1:8080/' })).body.error.message).toMatch(/loopback/);
    expect((await call('POST', '/subscriptions', { url: 'https://example.com/h', events: ['article.deleted'] })).body.error.code).toBe('invalid_subscription');
    expect((await call('POST', '/subscriptions', { tags: ['x'] })).body.error.code).toBe('invalid_subscription');
  });

  it('needs the admin or a partner key: an unknown key is 401, a publisher key 403', async () => {
    const { call } = api(harness());
    const publisherKey = `synd_${randomBytes(16).toString('hex')}`;
    await new DynamoPublisherRepository(documentClient(), tableName()).create({ id: 'harbour-gazette', name: 'Harbour Gazette' }, hashKey(publisherKey), new Date().toISOString());
    expect((await call('POST', '/subscriptions', { url: 'https://example.com/h' }, 'wrong-key')).body.error.code).toBe('unauthorized');
    expect((await call('GET', '/subscriptions/x', undefined, '')).status).toBe(401);
    expect(await call('POST', '/subscriptions', { url: 'https://example.com/h' }, publisherKey)).toEqual({
      status: 403, body: { error: { code: 'forbidden', message: 'this operation needs a partner key or the admin key' } },
    });
  });

  it('rotates the secret: old and new both verify during the grace period, only the new one after', async () => {
    const h = harness();
    const { call } = api(h);
    const r = await startReceiver();
    const created = await call('POST', '/subscriptions', { url: r.url });
    const rotated = await call('POST', `/subscriptions/${created.body.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    r.secrets.push(created.body.secret, rotated.body.secret);

    const sent: DeliveryMessage[] = [];
    await enqueueDeliveries([sampleEvent()], {
      subscriptions: h.subscriptions,
      queue: { sendEach: async (m) => { sent.push(...m); return []; } },
      publicBaseUrl: 'https://api.example.org',
    });
    const mine = sent.find((m) => m.subscriptionId === created.body.id)!;
    expect(await deliverOne(mine, h)).toEqual({ kind: 'done', reason: 'delivered' });
    expect(r.requests[0]!.verifiedBy).toEqual([0, 1]);

    const stored = (await h.subscriptions.get(created.body.id))!;
    expect(signingSecrets(stored, new Date(Date.now() + 23 * 3600_000))).toEqual([rotated.body.secret, created.body.secret]);
    expect(signingSecrets(stored, new Date(Date.now() + 25 * 3600_000))).toEqual([rotated.body.secret]);
    await call('DELETE', `/subscriptions/${created.body.id}`);
  });

  it('lists attempts and replays a delivery with the same webhook-id', async () => {
    const h = harness({ policy: { schedule: parseRetrySchedule('0,0') } });
    const { call, queued } = api(h);
    const r = await startReceiver((_q, i, res) => res.writeHead(i === 0 ? 500 : 200).end());
    const created = await call('POST', '/subscriptions', { url: r.url, tags: ['harbour-town'] });
    r.secrets.push(created.body.secret);
    const sent: DeliveryMessage[] = [];
    await enqueueDeliveries([sampleEvent()], { subscriptions: h.subscriptions, payloads, queue: { sendEach: async (m) => { sent.push(...m); return []; } }, publicBaseUrl: 'https://x.example' });
    const message = sent.find((m) => m.subscriptionId === created.body.id)!;
    await h.drain(message);

    const listed = await call('GET', `/subscriptions/${created.body.id}/deliveries`, undefined, ADMIN, { limit: '1' });
    expect(listed.status).toBe(200);
    expect(listed.body.attempts).toHaveLength(1);
    expect(listed.body.attempts[0]).toMatchObject({ deliveryId: message.deliveryId, attempt: 2, status: 200 });
    const next = await call('GET', `/subscriptions/${created.body.id}/deliveries`, undefined, ADMIN, { limit: '5', cursor: listed.body.cursor });
    expect(next.body.attempts[0]).toMatchObject({ attempt: 1, status: 500, error: 'HTTP 500' });
    expect((await call('GET', `/subscriptions/${created.body.id}/deliveries`, undefined, ADMIN, { cursor: 'garbage' })).status).toBe(400);

    const replay = await call('POST', `/subscriptions/${created.body.id}/replay`, { deliveryId: message.deliveryId });
    expect(replay).toEqual({ status: 202, body: { replayed: [message.deliveryId] } });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ deliveryId: message.deliveryId, body: message.body, round: 1 });
    // The original message, if SQS still had it, is stale now; the replayed one is delivered.
    expect(await deliverOne(message, h)).toEqual({ kind: 'done', reason: 'superseded by a replay' });
    expect(await deliverOne(queued[0]!, h)).toEqual({ kind: 'done', reason: 'delivered' });
    const ids = r.requests.map((q) => q.headers['webhook-id']);
    expect(ids).toEqual([message.deliveryId, message.deliveryId, message.deliveryId]);
    expect(r.requests.at(-1)!.verifiedBy).toEqual([0]);

    const since = await call('POST', `/subscriptions/${created.body.id}/replay`, { since: '2000-01-01T00:00:00Z' });
    expect(since.body.replayed).toEqual([message.deliveryId]);
    expect((await call('POST', `/subscriptions/${created.body.id}/replay`, {})).body.error.code).toBe('invalid_replay');
    const zoneless = await call('POST', `/subscriptions/${created.body.id}/replay`, { since: '2000-01-01T00:00:00' });
    expect([zoneless.status, zoneless.body.error.code]).toEqual([400, 'invalid_replay']);
    expect(zoneless.body.error.message).toMatch(/with its zone/);
    const extra = await call('POST', `/subscriptions/${created.body.id}/replay`, { since: '2000-01-01T00:00:00Z', everything: true });
    expect(extra.body.error.message).toMatch(/unknown field "everything"/);
    expect((await call('POST', `/subscriptions/${created.body.id}/replay`, { deliveryId: 'msg_nope' })).status).toBe(404);
  });
});

describe('the composed subscriptions Lambda', () => {
  afterEach(() => void vi.unstubAllEnvs());

  it('refuses to start without a webhook secrets key, and keeps stored secrets readable when the admin key changes', async () => {
    vi.stubEnv(env.webhookSecretsKey, '');
    vi.stubEnv(env.webhookSecretsKeyArn, '');
    vi.stubEnv(env.adminKey, ADMIN);
    vi.stubEnv(env.deliveriesQueueUrl, 'http://127.0.0.1:9/000000000000/unused');
    const create = apiEvent('POST', '/subscriptions', { url: 'https://example.com/hook' });
    await expect(handler(create)).rejects.toThrow(/neither WEBHOOK_SECRETS_KEY nor WEBHOOK_SECRETS_KEY_SECRET_ARN is set/);

    vi.stubEnv(env.webhookSecretsKey, randomBytes(32).toString('base64'));
    const created = answer(await handler(create));
    expect(created.status).toBe(201);
    expect(answer(await handler(apiEvent('GET', `/subscriptions/${created.body.id}`, undefined, 'not-the-admin-key'))).status).toBe(401);

    const rotatedAdminKey = `${ADMIN}-rotated`;
    vi.stubEnv(env.adminKey, rotatedAdminKey);
    expect(answer(await handler(apiEvent('GET', `/subscriptions/${created.body.id}`))).status).toBe(401);
    const rotated = answer(await handler(apiEvent('POST', `/subscriptions/${created.body.id}/rotate-secret`, undefined, rotatedAdminKey)));
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
  });
});
