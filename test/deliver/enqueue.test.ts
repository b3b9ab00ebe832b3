import { beforeAll, describe, expect, it } from 'vitest';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { sampleArticle, sampleEvent, tag } from '../core/webhooks/article-fixture.ts';
import { harness } from './harness.ts';
import { useLocalServices } from '../support/services.ts';

beforeAll(() => useLocalServices('deliver-enqueue'));

describe('enqueueing deliveries for article events', () => {
  it('sends one message per matching subscription × event, filtered by tag and event type through the table index', async () => {
    const h = harness();
    const unique = `t${Date.now()}`;
    const everything = (await h.subscribe({ url: 'http://127.0.0.1:9/a', tags: [`${unique}-any`, `${unique}-ferries`] })).subscription;
    const wrongTag = (await h.subscribe({ url: 'http://127.0.0.1:9/b', tags: [`${unique}-sport`] })).subscription;
    const onlyWithdrawals = (await h.subscribe({ url: 'http://127.0.0.1:9/c', tags: [`${unique}-ferries`], events: ['article.withdrawn'] })).subscription;
    const parentTag = (await h.subscribe({ url: 'http://127.0.0.1:9/d', tags: [`${unique}-region`] })).subscription;

    const article = sampleArticle({ tags: [tag(`${unique}-ferries`), tag(`${unique}-region`, 'place', true)] });
    const published = sampleEvent('article.published', article);
    const withdrawnArticle = { ...article, status: 'withdrawn' as const, withdrawnAt: '2025-03-05T00:00:00.000Z' };
    const withdrawn = sampleEvent('article.withdrawn', withdrawnArticle);

    const sent: DeliveryMessage[] = [];
    const deps = { subscriptions: h.subscriptions, queue: { sendEach: async (m: DeliveryMessage[]) => { sent.push(...m); return []; } }, publicBaseUrl: 'https://api.example.org' };
    await enqueueDeliveries([published, withdrawn], deps);

    const pairs = sent.map((m) => `${m.subscriptionId} ${m.eventType}`).sort();
    expect(pairs).toEqual([
      `${everything.id} article.published`,
      `${everything.id} article.withdrawn`,
      `${onlyWithdrawals.id} article.withdrawn`,
      `${parentTag.id} article.published`,
      `${parentTag.id} article.withdrawn`,
    ].sort());
    expect(sent.some((m) => m.subscriptionId === wrongTag.id)).toBe(false);

    const withdrawal = sent.find((m) => m.subscriptionId === onlyWithdrawals.id)!;
    expect(JSON.parse(withdrawal.body)).toMatchObject({ type: 'article.withdrawn', data: { id: article.id, status: 'withdrawn', withdrawnAt: '2025-03-05T00:00:00.000Z' } });
    expect(withdrawal.round).toBe(0);

    // The same stream batch processed again yields the same webhook-ids.
    const again: DeliveryMessage[] = [];
    await enqueueDeliveries([published, withdrawn], { ...deps, queue: { sendEach: async (m) => { again.push(...m); return []; } } });
    expect(again.map((m) => m.deliveryId).sort()).toEqual(sent.map((m) => m.deliveryId).sort());
  });

  it('honours minRelevance on the matching tag and leaves near-duplicates out of distinct subscriptions, from the index entries', async () => {
    const h = harness();
    const unique = `r${Date.now()}`;
    const central = { ...tag(`${unique}-port`), relevance: 0.8 };
    const passing = { ...tag(`${unique}-coast`, 'place', true), relevance: 0.2 };
    const picky = (await h.subscribe({ url: 'http://127.0.0.1:9/p', tags: [`${unique}-port`], minRelevance: 0.5 })).subscription;
    const tooPicky = (await h.subscribe({ url: 'http://127.0.0.1:9/q', tags: [`${unique}-coast`], minRelevance: 0.5 })).subscription;
    const distinct = (await h.subscribe({ url: 'http://127.0.0.1:9/r', tags: [`${unique}-port`], distinct: true })).subscription;
    const first = sampleEvent('article.published', sampleArticle({ id: `${unique}-a`, tags: [central, passing] }));
    const copy = sampleEvent('article.published', sampleArticle({ id: `${unique}-b`, tags: [central, passing], nearDuplicateOf: `${unique}-a`, similarity: 0.9 }));
    const sent: DeliveryMessage[] = [];
    await enqueueDeliveries([first, copy], { subscriptions: h.subscriptions, queue: { sendEach: async (m) => { sent.push(...m); return []; } }, publicBaseUrl: 'https://x' });
    expect(sent.map((m) => `${m.subscriptionId} ${m.articleId}`).sort()).toEqual(
      [`${picky.id} ${unique}-a`, `${picky.id} ${unique}-b`, `${distinct.id} ${unique}-a`].sort(),
    );
    expect(sent.some((m) => m.subscriptionId === tooPicky.id)).toBe(false);
  });

  it('sends nothing when no subscription shares a tag (this table has no catch-all subscription)', async () => {
    const h = harness();
    const sent: DeliveryMessage[] = [];
    const event = sampleEvent('article.published', sampleArticle({ tags: [tag(`nobody-${Date.now()}`)] }));
    const result = await enqueueDeliveries([event], { subscriptions: h.subscriptions, queue: { sendEach: async (m) => { sent.push(...m); return []; } }, publicBaseUrl: 'https://x' });
    expect(result).toEqual({ messages: [], failed: [] });
    expect(sent).toEqual([]);
  });
});
