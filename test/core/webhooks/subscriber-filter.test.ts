/**
 * The webhook filter's subscription options: `distinct` leaves near-duplicates
 * out, `minRelevance` asks the matching tag to be central enough.
 */
import { describe, expect, it } from 'vitest';
import { subscriberWants, wantingSubscribers, type SubscriberEntry } from '#core/webhooks/subscriber-filter.ts';
import { newSubscription } from '#core/webhooks/subscription.ts';
import { sampleArticle, sampleEvent, tag } from './article-fixture.ts';

const withRelevance = (id: string, relevance: number | undefined) => ({ ...tag(id), ...(relevance === undefined ? {} : { relevance }) });
const entry = (over: Partial<SubscriberEntry>): SubscriberEntry => ({ id: 's1', events: [], bucket: '*', ...over });

describe('subscriberWants', () => {
  const article = sampleArticle({ tags: [withRelevance('raqqa', 0.9), withRelevance('iraq', 0.2)] });
  const published = sampleEvent('article.published', article);
  const copy = sampleEvent('article.published', { ...article, nearDuplicateOf: 'first-one', similarity: 0.91 });

  it('honours event types as before', () => {
    expect(subscriberWants(entry({ events: ['article.withdrawn'] }), published)).toBe(false);
    expect(subscriberWants(entry({ events: ['article.published'] }), published)).toBe(true);
  });

  it('leaves near-duplicates out, with their later events, only for distinct subscriptions', () => {
    expect(subscriberWants(entry({ distinct: true }), copy)).toBe(false);
    expect(subscriberWants(entry({ distinct: true }), sampleEvent('article.withdrawn', { ...copy.article, status: 'withdrawn' }))).toBe(false);
    expect(subscriberWants(entry({ distinct: true }), published)).toBe(true);
    expect(subscriberWants(entry({}), copy)).toBe(true);
  });

  it('asks the tag it matched on to reach minRelevance; under * any tag from the text will do', () => {
    expect(subscriberWants(entry({ bucket: 'raqqa', minRelevance: 0.5 }), published)).toBe(true);
    expect(subscriberWants(entry({ bucket: 'iraq', minRelevance: 0.5 }), published)).toBe(false);
    expect(subscriberWants(entry({ minRelevance: 0.5 }), published)).toBe(true);
    expect(subscriberWants(entry({ minRelevance: 0.95 }), published)).toBe(false);
  });

  it('lets tags stored before relevance existed pass', () => {
    const old = sampleEvent('article.published', sampleArticle({ tags: [withRelevance('iraq', undefined)] }));
    expect(subscriberWants(entry({ bucket: 'iraq', minRelevance: 0.9 }), old)).toBe(true);
  });

  it('wants a subscription once when any of its buckets says yes', () => {
    const entries = [entry({ bucket: 'iraq', minRelevance: 0.5 }), entry({ bucket: 'raqqa', minRelevance: 0.5 }), entry({ id: 's2', bucket: 'iraq', minRelevance: 0.5 })];
    expect([...wantingSubscribers(entries, published)]).toEqual(['s1']);
  });
});

describe('the subscription options', () => {
  const policy = { allowLoopback: true };
  it('accept minRelevance between 0 and 1 and distinct, and refuse anything else', () => {
    const s = newSubscription({ url: 'http://127.0.0.1:9/h', minRelevance: 0.4, distinct: true }, 'id', new Date(0), policy);
    expect(s).toMatchObject({ minRelevance: 0.4, distinct: true });
    expect(newSubscription({ url: 'http://127.0.0.1:9/h' }, 'id', new Date(0), policy)).not.toHaveProperty('distinct');
    expect(() => newSubscription({ url: 'http://127.0.0.1:9/h', minRelevance: 1.5 }, 'id', new Date(0), policy)).toThrow(/minRelevance/);
    expect(() => newSubscription({ url: 'http://127.0.0.1:9/h', distinct: 'yes' }, 'id', new Date(0), policy)).toThrow(/distinct/);
  });
});
