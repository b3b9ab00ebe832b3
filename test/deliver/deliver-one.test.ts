import { beforeAll, describe, expect, it } from 'vitest';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { parseRetrySchedule } from '#core/webhooks/retry-policy.ts';
import { sampleArticle, sampleEvent } from '../core/webhooks/article-fixture.ts';
import { harness, type Harness } from './harness.ts';
import { useLocalServices } from '../support/services.ts';
import { ok, receiversClosedAfterEach } from './loopback-receiver.ts';

beforeAll(() => useLocalServices('deliver-one'));
const receiver = receiversClosedAfterEach();

/** The message the publish side would enqueue for this subscription. */
async function messageFor(h: Harness, subscriptionId: string, event = sampleEvent()): Promise<DeliveryMessage> {
  const sent: DeliveryMessage[] = [];
  await enqueueDeliveries([event], {
    subscriptions: { idsInBuckets: async () => [{ id: subscriptionId, events: [], bucket: '*' }] },
    queue: { sendEach: async (m) => { sent.push(...m); return []; } },
    publicBaseUrl: 'https://api.example.org',
  });
  return sent[0]!;
}

const fast = { schedule: parseRetrySchedule('0,0,0,0,0,0,0,0,0') };

describe('delivering one webhook', () => {
  it('recovers after five failures: six logged attempts, one delivery by webhook-id, verified every time', async () => {
    const h = harness({ policy: fast });
    const r = await receiver((_q, i, res) => res.writeHead(i < 5 ? 500 : 200).end(i < 5 ? 'down' : 'ok'));
    const { subscription, secret } = await h.subscribe({ url: r.url });
    r.secrets.push(secret);
    const message = await messageFor(h, subscription.id);

    const steps = await h.drain(message);
    expect(steps.map((s) => s.kind)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'done']);
    expect(r.requests).toHaveLength(6);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set([message.deliveryId]));
    expect(r.requests.every((q) => q.verifiedBy.length === 1)).toBe(true);
    expect([...r.delivered.keys()]).toEqual([message.deliveryId]);

    const log = await h.deliveries.attempts(subscription.id, { limit: 50 });
    expect(log.items.map((a) => a.attempt).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.items.filter((a) => a.status === 500)).toHaveLength(5);
    expect(log.items.find((a) => a.attempt === 6)).toMatchObject({ status: 200, response: 'ok', outcome: 'delivered' });
    expect(await h.deliveries.get(subscription.id, message.deliveryId)).toMatchObject({ status: 'delivered', attempts: 6 });

    // SQS may hand the same message out again: it is not sent a seventh time.
    expect(await h.drain(message)).toEqual([{ kind: 'done', reason: 'already delivered' }]);
    expect(r.requests).toHaveLength(6);
    expect((await h.subscriptions.get(subscription.id))?.failingSince).toBeUndefined();
  });

  it('disables the endpoint at once on 410 and sends it nothing more', async () => {
    const h = harness();
    const r = await receiver((_q, _i, res) => res.writeHead(410).end());
    const { subscription } = await h.subscribe({ url: r.url, tags: ['transport'] });
    expect(await h.drain(await messageFor(h, subscription.id))).toEqual([{ kind: 'done', reason: 'endpoint answered 410 Gone' }]);
    const stored = await h.subscriptions.get(subscription.id);
    expect(stored).toMatchObject({ status: 'disabled', disabledReason: 'endpoint answered 410 Gone' });
    expect(stored?.disabledEvent).toMatchObject({ type: 'endpoint.disabled', subscriptionId: subscription.id });
    expect((await h.subscriptions.idsInBuckets(['transport'])).map((s) => s.id)).not.toContain(subscription.id);

    const later = await messageFor(h, subscription.id, sampleEvent('article.updated', sampleArticle({ version: 2, updatedAt: '2025-03-05T00:00:00.000Z' })));
    expect(await h.drain(later)).toEqual([{ kind: 'done', reason: 'endpoint disabled' }]);
    expect(r.requests).toHaveLength(1);
  });

  it('honours Retry-After on 503 and does not attempt early when the message comes back sooner', async () => {
    const h = harness({ start: new Date('2025-03-03T08:00:00Z'), policy: { schedule: [300, 300] } });
    const r = await receiver((_q, i, res) => (i === 0 ? res.writeHead(503, { 'retry-after': '240' }).end() : ok(_q, i, res)));
    const { subscription } = await h.subscribe({ url: r.url });
    const message = await messageFor(h, subscription.id);
    const { deliverOne } = await import('../../functions/deliver/deliver-one.ts');

    expect(await deliverOne(message, h)).toEqual({ kind: 'retry', delaySeconds: 240, reason: 'HTTP 503' });
    h.advance(100);
    expect(await deliverOne(message, h)).toEqual({ kind: 'retry', delaySeconds: 140, reason: 'not due yet' });
    expect(r.requests).toHaveLength(1);
    h.advance(140);
    expect(await deliverOne(message, h)).toEqual({ kind: 'done', reason: 'delivered' });
    expect(r.requests).toHaveLength(2);
  });

  it('sleeps again without counting an attempt when a delay exceeds the 12 h visibility cap', async () => {
    const h = harness({ policy: { schedule: [86_400] } });
    const r = await receiver((_q, _i, res) => res.writeHead(500).end());
    const { subscription } = await h.subscribe({ url: r.url });
    const message = await messageFor(h, subscription.id);
    const { deliverOne } = await import('../../functions/deliver/deliver-one.ts');
    expect(await deliverOne(message, h)).toMatchObject({ kind: 'retry', delaySeconds: 86_400 });
    h.advance(12 * 3600);
    expect(await deliverOne(message, h)).toEqual({ kind: 'retry', delaySeconds: 43_200, reason: 'not due yet' });
    expect(await h.deliveries.get(subscription.id, message.deliveryId)).toMatchObject({ attempts: 1 });
    h.advance(12 * 3600);
    expect(await deliverOne(message, h)).toMatchObject({ kind: 'dead_letter', reason: 'HTTP 500 on the last of 2 attempts' });
    expect(await h.deliveries.get(subscription.id, message.deliveryId)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(r.requests).toHaveLength(2);
  });

  it('disables an endpoint failing continuously for five days with an endpoint.disabled event; a success resets the streak', async () => {
    const h = harness({ policy: { schedule: parseRetrySchedule('86400,86400,86400,86400,86400,86400') } });
    let healthy = false;
    const r = await receiver((_q, _i, res) => res.writeHead(healthy ? 200 : 500).end());
    const { subscription } = await h.subscribe({ url: r.url });
    const first = await h.drain(await messageFor(h, subscription.id), 4);
    expect(first.map((s) => s.kind)).toEqual(['retry', 'retry', 'retry', 'retry']);
    expect((await h.subscriptions.get(subscription.id))?.failingSince).toBeDefined();

    healthy = true;
    const other = sampleEvent('article.updated', sampleArticle({ version: 2, updatedAt: '2025-03-03T10:00:00.000Z' }));
    expect(await h.drain(await messageFor(h, subscription.id, other))).toEqual([{ kind: 'done', reason: 'delivered' }]);
    expect((await h.subscriptions.get(subscription.id))?.failingSince).toBeUndefined();

    healthy = false;
    const third = sampleEvent('article.updated', sampleArticle({ version: 3, updatedAt: '2025-03-04T10:00:00.000Z' }));
    const steps = await h.drain(await messageFor(h, subscription.id, third));
    expect(steps.map((s) => s.kind)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'done']);
    expect(steps.at(-1)?.reason).toMatch(/failing continuously since .* \(5 days\)/);
    const stored = await h.subscriptions.get(subscription.id);
    expect(stored).toMatchObject({ status: 'disabled' });
    expect(stored?.disabledEvent?.type).toBe('endpoint.disabled');
  });
});
