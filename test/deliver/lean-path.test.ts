/**
 * What a successful first attempt costs, counted on the real DynamoDB client
 * (a middleware sees every command the adapters send, and the items in it):
 * two items written, no read of the delivery record on a message's first
 * receive, no read of the subscription once the container has it (a batch's
 * endpoints read in one call), and no copy of the body per delivery (it is
 * stored once per event).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { deliverOne } from '../../functions/deliver/deliver-one.ts';
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
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) {
        const name = String(context.commandName);
        commands.push(name);
        const requests = (args.input as { RequestItems?: Record<string, unknown[] | { Keys: unknown[] }> }).RequestItems;
        for (const r of Object.values(requests ?? {})) batchItems[name] = (batchItems[name] ?? 0) + (Array.isArray(r) ? r.length : r.Keys.length);
      }
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
    // Per delivery: its state (one PutItem that only creates) and its attempt log entry, the three entries in one BatchWriteItem.
    expect(commands.filter((c) => !WRITES.has(c))).toEqual([]);
    expect(commands.filter((c) => c === 'PutItemCommand')).toHaveLength(3);
    expect(commands.filter((c) => c === 'BatchWriteItemCommand')).toHaveLength(1);
    expect(batchItems.BatchWriteItemCommand).toBe(3);
    expect(commands).toHaveLength(4);
    expect(subscriptions.reads).toBe(1);
    expect(r.requests).toHaveLength(6);

    // The record keeps what the API shows, without the body.
    const last = sent.find((m) => m.articleId === events[1]!.article.id)!;
    const record = await h.deliveries.get(last.subscriptionId, last.deliveryId);
    expect(record).toMatchObject({ status: 'delivered', attempts: 1, eventType: 'article.published', articleId: events[1]!.article.id });
    expect(record?.body).toBeUndefined();
    const attempt = (await h.deliveries.attempts(last.subscriptionId, { limit: 10 })).items.find((a) => a.deliveryId === last.deliveryId);
    expect(attempt).toMatchObject({ deliveryId: last.deliveryId, eventType: 'article.published', status: 204, outcome: 'delivered' });

    // A duplicate message (its stream record handed over twice) finds the record: the create is refused and the update applies.
    commands.length = 0;
    counting = true;
    const end = deliveries.begin();
    expect(await deliverOne(last, deps, first).finally(end)).toEqual({ kind: 'done', reason: 'delivered' });
    counting = false;
    expect(commands.sort()).toEqual(['BatchWriteItemCommand', 'PutItemCommand', 'UpdateItemCommand']);
    expect(await h.deliveries.get(last.subscriptionId, last.deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, createdAt: record?.createdAt });
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
