/**
 * What a successful first attempt costs, counted on the real DynamoDB client
 * (a middleware sees every command the adapters send): two writes, no read of
 * the subscription once the container has it, and no copy of the body per
 * delivery (it is stored once per event).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { deliverOne } from '../../functions/deliver/deliver-one.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { CachedSubscriptions } from '../../functions/deliver/subscription-cache.ts';
import { sampleArticle, sampleEvent } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { harness } from './harness.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';

beforeAll(() => useLocalServices('deliver-lean'));
const receiver = receiversClosedAfterEach();

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const commands: string[] = [];
let counting = false;
beforeAll(() => {
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});

describe('the lean delivery path', () => {
  it('costs two table writes and no subscription read per first-attempt success; the body is stored once per event', async () => {
    const h = harness();
    const r = await receiver();
    const subscribed = await Promise.all([0, 1, 2].map(() => h.subscribe({ url: r.url })));
    r.secrets.push(...subscribed.map((s) => s.secret));
    const payloads = new DynamoPayloadStore(documentClient(), tableName());
    const sent: DeliveryMessage[] = [];
    const events = [0, 1].map((i) => sampleEvent('article.published', sampleArticle({ id: `art_lean_${Date.now()}_${i}` })));
    const ids = new Set(subscribed.map((s) => s.subscription.id));
    await enqueueDeliveries(events, {
      subscriptions: { idsInBuckets: async () => [...ids].map((id) => ({ id, events: [], bucket: '*' })) },
      payloads,
      queue: { sendEach: async (m) => { sent.push(...m); return []; } },
      publicBaseUrl: 'https://api.example.org',
    });
    expect(sent).toHaveLength(6);
    expect(await payloads.get(sent[0]!.eventKey!)).toBe(sent[0]!.body);

    const subscriptions = new CachedSubscriptions(h.subscriptions);
    const deps = { ...h, subscriptions };
    // The container's first message per endpoint reads its subscription; every later one is served from the cache.
    for (const m of sent.filter((m) => m.articleId === events[0]!.article.id)) expect(await deliverOne(m, deps)).toEqual({ kind: 'done', reason: 'delivered' });
    expect(subscriptions.reads).toBe(3);

    commands.length = 0;
    counting = true;
    for (const m of sent.filter((m) => m.articleId === events[1]!.article.id)) expect(await deliverOne(m, deps)).toEqual({ kind: 'done', reason: 'delivered' });
    counting = false;
    expect(commands.filter((c) => WRITES.has(c))).toHaveLength(2 * 3);
    expect(commands.filter((c) => !WRITES.has(c))).toEqual(['GetCommand', 'GetCommand', 'GetCommand'].map(() => 'GetItemCommand'));
    expect(subscriptions.reads).toBe(3);
    expect(r.requests).toHaveLength(6);

    // The record keeps what the API shows, without the body.
    const last = sent.find((m) => m.articleId === events[1]!.article.id)!;
    const record = await h.deliveries.get(last.subscriptionId, last.deliveryId);
    expect(record).toMatchObject({ status: 'delivered', attempts: 1, eventType: 'article.published', articleId: events[1]!.article.id });
    expect(record?.body).toBeUndefined();
    const attempt = (await h.deliveries.attempts(last.subscriptionId, { limit: 10 })).items.find((a) => a.deliveryId === last.deliveryId);
    expect(attempt).toMatchObject({ deliveryId: last.deliveryId, eventType: 'article.published', status: 204, outcome: 'delivered' });
  });
});

describe('the per-container subscription cache', () => {
  it('serves an entry for at most its bound, then reads again: a deleted endpoint is seen within it', async () => {
    const h = harness();
    const { subscription } = await h.subscribe({ url: 'http://127.0.0.1:9/hook' });
    let now = 0;
    const cache = new CachedSubscriptions(h.subscriptions, 30, () => now);
    expect((await cache.get(subscription.id))?.id).toBe(subscription.id);
    await h.subscriptions.delete(subscription.id);
    now = 29_999;
    expect((await cache.get(subscription.id))?.id).toBe(subscription.id);
    now = 30_000;
    expect(await cache.get(subscription.id)).toBeUndefined();
    expect(cache.reads).toBe(2);
  });
});
