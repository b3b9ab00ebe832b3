import { describe, expect, it } from 'vitest';
import { webhookId } from '#core/webhooks/webhook-id.ts';
import { sampleArticle, sampleEvent } from './article-fixture.ts';

describe('webhook-id', () => {
  it('is the same for the same subscription and event, however often it is derived', () => {
    expect(webhookId('sub_a', sampleEvent())).toBe(webhookId('sub_a', sampleEvent()));
    expect(webhookId('sub_a', sampleEvent())).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('differs between subscriptions, event types and versions', () => {
    const ids = new Set([
      webhookId('sub_a', sampleEvent()),
      webhookId('sub_b', sampleEvent()),
      webhookId('sub_a', sampleEvent('article.updated', sampleArticle({ version: 2, updatedAt: '2025-03-03T09:00:00.000Z' }))),
      webhookId('sub_a', sampleEvent('article.withdrawn', sampleArticle({ status: 'withdrawn', withdrawnAt: '2025-03-04T00:00:00.000Z' }))),
    ]);
    expect(ids.size).toBe(4);
  });
});
