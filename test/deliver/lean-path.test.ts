/**
 * What a successful first attempt costs, counted on the real DynamoDB client
 * (a middleware sees every command the adapters send, and the items in it):
 * one item written (its first-delivery entry, in one BatchWriteItem with its
 * batch neighbours'), no read of the delivery record on a message's first
 * receive, no read of the subscription once the container has it (a batch's
 * endpoints read in one call), and no copy of the body per delivery (it is
 * stored once per event). And why writing it without a condition is safe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { deliverOne } from '../../functions/deliver/deliver-one.ts';
import { replayDeliveries } from '../../functions/subscriptions/replay.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { withBatchedAttempts } from '../../functions/deliver/attempt-log-batch.ts';
import { CachedSubscriptions } from '../../functions/deliver/subscription-cache.ts';
import { sampleArticle, sampleEvent } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { harness } from './harness.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';

beforeAll(() => useLocalServices('deliver-lean'));
const receiver = receiversClosedAfterEach();

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const commands: string[] = [];
/** Items each batch command carried (BatchWriteItem puts, BatchGetItem keys). */
const batchItems: Record<string, number> = {};
let counting = false;
beforeAll(() => {
  documentClient().intercept(async (call, next) => {
    if (counting) {
      const name = `${call.operation}Command`;
      commands.push(name);
      const requests = (call.input as { RequestItems?: Record<string, unknown[] | { Keys: unknown[] }> }).RequestItems;
      for (const r of Object.values(requests ?? {})) batchItems[name] = (batchItems[name] ?? 0) + (Array.isArray(r) ? r.length : r.Keys.length);
    }
    return next(call);
  });
});

describe('the lean delivery path', () => {
  it('costs one item written and no subscription read per first-attempt success; the body is stored once per event', async () => {
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
    const deliveries = withBatchedAttempts(h.deliveries);
    const deps = { ...h, subscriptions, deliveries };
    const first = { firstReceive: true };
    // As the handler runs a batch: each delivery bracketed, so their log entries are written together.
    const deliverAll = (articleId: string) =>
      Promise.all(sent.filter((m) => m.articleId === articleId).map((m) => ({ m, end: deliveries.begin() })).map(async ({ m, end }) =>
        expect(await deliverOne(m, deps, first).finally(end)).toEqual({ kind: 'done', reason: 'delivered' })));

    // A container's first batch reads its endpoints in one call; every later message is served from the cache.
    commands.length = 0;
    counting = true;
    await subscriptions.prefetch(sent.map((m) => m.subscriptionId));
    await deliverAll(events[0]!.article.id);
    counting = false;
    expect(subscriptions.reads).toBe(1);
    expect(commands.filter((c) => !WRITES.has(c))).toEqual(['BatchGetItemCommand']);
    expect(batchItems.BatchGetItemCommand).toBe(3);

    commands.length = 0;
    for (const k of Object.keys(batchItems)) delete batchItems[k];
    counting = true;
    await deliverAll(events[1]!.article.id);
    counting = false;
    // Per delivery one item, its first-delivery entry: the three in one BatchWriteItem, nothing else.
    expect(commands).toEqual(['BatchWriteItemCommand']);
    expect(batchItems.BatchWriteItemCommand).toBe(3);
    expect(subscriptions.reads).toBe(1);
    expect(r.requests).toHaveLength(6);

    // The entry is the delivery's record (without the body) and the log's attempt, as the API shows it.
    const last = sent.find((m) => m.articleId === events[1]!.article.id)!;
    expect(await h.deliveries.get(last.subscriptionId, last.deliveryId)).toBeUndefined();
    const record = await h.deliveries.get(last.subscriptionId, last.deliveryId, {});
    expect(record).toMatchObject({ status: 'delivered', attempts: 1, round: 0, eventType: 'article.published', articleId: events[1]!.article.id, eventKey: last.eventKey });
    expect(record?.body).toBeUndefined();
    const logged = (await h.deliveries.attempts(last.subscriptionId, { limit: 10 })).items.filter((a) => a.deliveryId === last.deliveryId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ deliveryId: last.deliveryId, eventType: 'article.published', status: 204, outcome: 'delivered', round: 0, attempt: 1 });
    expect(Object.keys(logged[0]!)).not.toContain('eventKey');
    expect((await h.deliveries.deliveriesSince(last.subscriptionId, '2000-01-01T00:00:00.000Z')).map((d) => d.deliveryId)).toContain(last.deliveryId);

    // The same message received again (its invocation died before SQS deleted it): it finds the delivery delivered and sends nothing.
    expect(await deliverOne(last, deps, { firstReceive: false, sentAt: Date.now() - 5_000 })).toEqual({ kind: 'done', reason: 'already delivered' });
    expect(r.requests).toHaveLength(6);
  });

  it('a duplicate copy that fails never turns a delivered delivery back into a retrying one', async () => {
    const h = harness();
    const r = await receiver();
    const { subscription, secret } = await h.subscribe({ url: r.url });
    r.secrets.push(secret);
    const message: DeliveryMessage = {
      subscriptionId: subscription.id, deliveryId: `msg_dup_${Date.now()}`, eventType: 'article.published', articleId: 'art_dup', body: '{"type":"article.published"}', round: 1,
    };
    // A replay's round delivered by one copy...
    await h.deliveries.settle(message, { round: 1, attempts: 1, status: 'delivered' }, new Date().toISOString());
    // ...and a duplicate copy of the same round whose attempt failed: its conditional write is refused.
    expect(await h.deliveries.settle(message, { round: 1, attempts: 1, status: 'pending', nextAttemptAt: new Date().toISOString(), lastError: 'HTTP 500' }, new Date().toISOString())).toBe(false);
    expect(await h.deliveries.get(subscription.id, message.deliveryId)).toMatchObject({ status: 'delivered', round: 1 });
    // A retry of it then sends nothing.
    expect(await deliverOne(message, h, { firstReceive: false })).toEqual({ kind: 'done', reason: 'already delivered' });
    expect(r.requests).toHaveLength(0);

    // Two copies of a first attempt that both deliver write two entries (their keys hold their times): both say delivered.
    const first: DeliveryMessage = { ...message, deliveryId: `msg_twice_${Date.now()}`, eventKey: `art_dup|article.published|v1|${Date.now()}`, round: 0 };
    const deliveries = withBatchedAttempts(h.deliveries);
    const both = await Promise.all([0, 1].map(async (i) => {
      const end = deliveries.begin();
      h.advance(i);
      return deliverOne(first, { ...h, deliveries }, { firstReceive: true }).finally(end);
    }));
    expect(both).toEqual([{ kind: 'done', reason: 'delivered' }, { kind: 'done', reason: 'delivered' }]);
    const entries = (await h.deliveries.attempts(subscription.id, { limit: 10 })).items.filter((a) => a.deliveryId === first.deliveryId);
    expect(entries.map((e) => e.outcome)).toEqual(['delivered', 'delivered']);
    expect(await h.deliveries.get(subscription.id, first.deliveryId, {})).toMatchObject({ status: 'delivered', attempts: 1 });

    // A replay by its webhook-id (the API's) finds it and starts round 1 on a record of its own, with the event's stored body;
    // the log keeps the first attempts and adds the replay's.
    const queued: DeliveryMessage[] = [];
    const payloads = { get: async () => first.body };
    const replay = await replayDeliveries(subscription.id, { deliveryId: first.deliveryId }, { deliveries: h.deliveries, payloads, queue: { send: async (m) => void queued.push(...m) }, clock: () => new Date() });
    expect(replay).toEqual({ replayed: [first.deliveryId] });
    expect(queued).toEqual([expect.objectContaining({ deliveryId: first.deliveryId, round: 1, body: first.body })]);
    expect(await h.deliveries.get(subscription.id, first.deliveryId)).toMatchObject({ status: 'pending', round: 1, attempts: 0 });
    expect(await deliverOne({ ...first, round: 1 }, h, { firstReceive: true })).toEqual({ kind: 'done', reason: 'delivered' });
    expect(await h.deliveries.get(subscription.id, first.deliveryId)).toMatchObject({ status: 'delivered', round: 1, attempts: 1 });
    const log = (await h.deliveries.attempts(subscription.id, { limit: 10 })).items.filter((a) => a.deliveryId === first.deliveryId);
    expect(log.map((a) => `${a.round}.${a.attempt}`)).toEqual(['1.1', '0.1', '0.1']);
  });
});

describe('finding a first-attempt delivery by webhook-id alone', () => {
  // DynamoDB Local answers this Query in one page however many items it reads (it does not cut pages
  // at 1 MB here), so the page bounds themselves (FIRST_SEARCH_PAGES, DEEP_SEARCH_PAGES) are not exercised.
  it('a replay by id finds one under a thousand newer attempts; an unknown id is told to use since for older ones', async () => {
    const h = harness();
    const { subscription } = await h.subscribe({ url: 'http://127.0.0.1:9/hook' });
    const base = Date.parse('2026-11-20T00:00:00.000Z');
    const attempt = (n: number, deliveryId: string) => ({
      subscriptionId: subscription.id, deliveryId, eventType: 'article.published' as const, articleId: `art_buried_${n}`,
      round: 0, attempt: 1, at: new Date(base + n * 1000).toISOString(), status: 200, durationMs: 12, response: 'ok', outcome: 'delivered' as const,
    });
    const buried = `msg_buried_${Date.now()}`;
    await h.deliveries.logEntries([], [{ attempt: attempt(0, buried), eventKey: 'art_buried_0|article.published|v1' }]);
    await h.deliveries.logEntries(Array.from({ length: 1000 }, (_, i) => attempt(i + 1, `msg_newer_${i}`)));

    const queued: DeliveryMessage[] = [];
    const deps = { deliveries: h.deliveries, payloads: { get: async () => '{"type":"article.published"}' }, queue: { send: async (m: DeliveryMessage[]) => void queued.push(...m) }, clock: () => new Date() };
    expect(await replayDeliveries(subscription.id, { deliveryId: buried }, deps)).toEqual({ replayed: [buried] });
    expect(queued).toEqual([expect.objectContaining({ deliveryId: buried, round: 1 })]);

    await expect(replayDeliveries(subscription.id, { deliveryId: 'msg_never_sent' }, deps)).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('replay an older one with since'),
    });
  }, 60_000);
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
