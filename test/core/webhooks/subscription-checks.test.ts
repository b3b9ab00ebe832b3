/** Subscription refusals a partner can act on: valid event types named, unknown tags listed with close spellings, URLs canonical, no control characters. */
import { describe, expect, it } from 'vitest';
import { closeTags, unknownTags, unknownTagsMessage } from '#core/webhooks/subscription-checks.ts';
import { newSubscription, SubscriptionRefused } from '#core/webhooks/subscription.ts';
import { createSubscription } from '../../../functions/subscriptions/manage.ts';

const policy = { allowLoopback: true };
const create = (input: unknown) => newSubscription(input, 'sub_1', new Date(0), policy);
const refusal = (input: unknown): string => {
  try {
    create(input);
  } catch (error) {
    if (error instanceof SubscriptionRefused) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('subscription refusals', () => {
  it('names the valid event types for an unknown one', () => {
    expect(refusal({ url: 'http://127.0.0.1:9/h', events: ['article.deleted'] })).toBe(
      'events.0: "article.deleted" is not an event type; valid types are article.published, article.updated, article.withdrawn',
    );
  });

  it('refuses control characters in the URL and description, and stores the URL canonicalised', () => {
    expect(refusal({ url: 'http://127.0.0.1:9/h\u0000x' })).toBe('url: contains control characters');
    expect(refusal({ url: 'http://127.0.0.1:9/h', description: 'a\u001bb' })).toBe('description: contains control characters');
    expect(create({ url: 'HTTP://127.0.0.1:80/a b/../hook' }).url).toBe('http://127.0.0.1/hook');
  });

  it('lists unknown tags by name with close spellings, and knows registered publishers', async () => {
    expect(closeTags('syira')).toContain('syria');
    expect(await unknownTags(['syria', 'syira', 'no-such-thing'])).toEqual(['syira', 'no-such-thing']);
    expect(await unknownTags(['hostile-wire'], async (id) => id === 'hostile-wire')).toEqual([]);
    expect(unknownTagsMessage(['syira', 'zzzzzzzz'])).toMatch(/^tags: unknown tag ids "syira" \(did you mean "syria".*\?\), "zzzzzzzz"; tags are taxonomy concept ids/);
  });

  it('refuses the whole subscription, storing nothing, when a tag is unknown', async () => {
    const stored: unknown[] = [];
    const deps = {
      subscriptions: { create: async (s: unknown) => void stored.push(s) } as never,
      policy, clock: () => new Date(0), randomBytes: (n: number) => new Uint8Array(n), newId: () => 'sub_1',
      isPublisher: async () => false,
      partners: { get: async () => undefined },
    };
    await expect(createSubscription({ url: 'http://127.0.0.1:9/h', tags: ['syria', 'iraqq'] }, { kind: 'admin' }, deps)).rejects.toThrow(/unknown tag id "iraqq" \(did you mean "iraq"/);
    expect(stored).toEqual([]);
    await createSubscription({ url: 'http://127.0.0.1:9/h', tags: ['syria'] }, { kind: 'admin' }, deps);
    expect(stored).toHaveLength(1);
  });
});
