import { describe, expect, it } from 'vitest';
import { SubscriptionIndex } from '#core/webhooks/subscription-index.ts';
import type { Subscription } from '#core/webhooks/subscription.ts';
import { sampleArticle, sampleEvent, tag } from './article-fixture.ts';

const sub = (id: string, tags: string[] = [], events: Subscription['events'] = [], status: Subscription['status'] = 'active'): Subscription => ({
  id, url: `https://example.com/${id}`, tags, events, status, createdAt: '2025-03-01T00:00:00.000Z',
});
const ids = (subs: Subscription[]) => subs.map((s) => s.id).sort();

describe('subscription matching', () => {
  it('matches by any shared tag (implied parents count), wildcard subscriptions, and wanted event types', () => {
    const index = new SubscriptionIndex([
      sub('everything'),
      sub('transport', ['transport']),
      sub('coastland-region', ['coastland']),
      sub('sport', ['sport']),
      sub('withdrawals-only', [], ['article.withdrawn']),
      sub('two-tags', ['transport', 'harbour-town']),
      sub('disabled', ['transport'], [], 'disabled'),
    ]);
    expect(ids(index.match(sampleEvent('article.published')).subscriptions)).toEqual(['coastland-region', 'everything', 'transport', 'two-tags']);
    const withdrawn = sampleEvent('article.withdrawn', sampleArticle({ status: 'withdrawn', withdrawnAt: '2025-03-04T00:00:00.000Z' }));
    expect(ids(index.match(withdrawn).subscriptions)).toContain('withdrawals-only');
  });

  it('reads only the matching buckets among 10,000 subscriptions', () => {
    const subs = Array.from({ length: 10_000 }, (_, i) => sub(`s${i}`, [`tag-${i % 2500}`]));
    subs.push(sub('wild'));
    const index = new SubscriptionIndex(subs);
    const event = sampleEvent('article.published', sampleArticle({ tags: [tag('tag-7'), tag('tag-42')] }));
    const result = index.match(event);
    expect(result.subscriptions).toHaveLength(9);
    expect(result.entriesRead).toBe(9);
  });

  it('stops matching a removed subscription', () => {
    const s = sub('gone', ['transport']);
    const index = new SubscriptionIndex([s]);
    index.remove(s);
    expect(index.match(sampleEvent()).subscriptions).toEqual([]);
  });
});
