/**
 * The example event `POST /subscriptions/{id}/test` sends: the shape of a real
 * webhook body (payload.ts) for the chosen event type, about a made-up article,
 * marked `data.test: true` so a receiver can tell it from news. Pure: time,
 * id and base URL come in.
 */
import * as z from 'zod/mini';
import { articleEventTypes, type ArticleEventType } from '../article/events.ts';
import type { WebhookPayload } from './payload.ts';

/** The request body: optional, `{"event": "article.updated"}` picks the type. */
export const TestEventRequest = z.strictObject({
  event: z.optional(z.enum(articleEventTypes)),
});
export type TestEventRequest = z.infer<typeof TestEventRequest>;

/** The article every test event is about; no article has this id (ours are `art_` and 20 base32 characters). */
export const TEST_ARTICLE_ID = 'art_test_example';

export type TestWebhookPayload = WebhookPayload & { data: WebhookPayload['data'] & { test: true } };

export function testPayload(type: ArticleEventType, now: Date, publicBaseUrl: string): TestWebhookPayload {
  const at = now.toISOString();
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/articles/${TEST_ARTICLE_ID}`;
  return {
    type,
    timestamp: at,
    data: {
      id: TEST_ARTICLE_ID,
      version: type === 'article.updated' ? 2 : 1,
      status: type === 'article.withdrawn' ? 'withdrawn' : 'published',
      headline: 'Test event: your endpoint is receiving syndicate webhooks',
      publisher: { id: 'syndicate-test', name: 'Syndicate test' },
      tags: [],
      summary: 'A signed example event sent on request. It carries no news and can be ignored.',
      publishedAt: at,
      updatedAt: at,
      ...(type === 'article.withdrawn' ? { withdrawnAt: at } : {}),
      links: { json: base, ninjs: `${base}.ninjs` },
      test: true,
    },
  };
}

/**
 * Which type to send: the one asked for, if the subscription takes it (one
 * it filters out would never reach this endpoint, so testing it says nothing);
 * else the first type it takes. Returns a message when the choice is refused.
 */
export function testEventType(asked: ArticleEventType | undefined, wanted: readonly ArticleEventType[]): ArticleEventType | { refused: string } {
  const takes = wanted.length > 0 ? wanted : articleEventTypes;
  if (asked === undefined) return takes[0]!;
  if (!takes.includes(asked)) return { refused: `event: this subscription takes only ${takes.join(', ')}` };
  return asked;
}
