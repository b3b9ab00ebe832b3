/**
 * The webhook body (payload.ts `WebhookPayload`) as a zod/mini schema: the source of the JSON
 * Schemas partners validate with (events/schemas/webhook-*.schema.json) and of the OpenAPI
 * document's `webhooks` section. A test holds real payloads built by `buildPayload` to it, so the
 * interface and this schema cannot part ways unnoticed.
 */
import * as z from 'zod/mini';
import { articleEventTypes, type ArticleEventType } from '../article/events.ts';

const isoDate = () => z.iso.datetime({ offset: true });
/** payload.ts `CutField` and `DroppedField`: every field a body may shorten or leave out to fit. */
const cutFields = ['summary', 'tags', 'headline', 'publisher', 'image', 'publishedAt', 'updatedAt', 'withdrawnAt', 'nearDuplicateOf', 'similarity'] as const;

const WebhookTag = z.object({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  relevance: z.optional(z.number().check(z.gte(0), z.lte(1))),
});

const WebhookImage = z.object({
  url: z.string(),
  mediaType: z.optional(z.string()),
  width: z.optional(z.int()),
  height: z.optional(z.int()),
  caption: z.optional(z.string()),
  credit: z.optional(z.string()),
  alt: z.optional(z.string()),
});

/**
 * `data` as sent. Everything but the identity (id, version, status, links) is optional in the schema
 * because a body that cannot fit in 20 KB any other way is sent as that identity alone, with every
 * cut field named in `truncated` (payload.ts `serialisePayload`).
 */
const WebhookData = z.object({
  id: z.string().check(z.minLength(1)),
  version: z.int().check(z.gte(1)),
  status: z.enum(['published', 'embargoed', 'withdrawn']),
  headline: z.optional(z.string()),
  publisher: z.optional(z.object({ id: z.string(), name: z.string() })),
  tags: z.optional(z.array(WebhookTag)),
  summary: z.optional(z.string()),
  publishedAt: z.optional(isoDate()),
  updatedAt: z.optional(isoDate()),
  withdrawnAt: z.optional(isoDate()),
  links: z.object({ json: z.string(), ninjs: z.string() }),
  image: z.optional(WebhookImage),
  nearDuplicateOf: z.optional(z.string()),
  similarity: z.optional(z.number().check(z.gte(0), z.lte(1))),
  truncated: z.optional(z.array(z.enum(cutFields))),
  /** Only on `POST /subscriptions/{id}/test` examples (core/webhooks/test-event.ts): never a real article. */
  test: z.optional(z.literal(true)),
});

/** The body of one event type: `type` fixed to it. */
export const webhookPayloadSchema = (type: ArticleEventType) =>
  z.object({
    type: z.literal(type),
    /** When the change happened (the article's updatedAt, or withdrawnAt for a withdrawal). */
    timestamp: isoDate(),
    data: WebhookData,
  });

/** Any event's body. */
export const WebhookPayloadSchema = z.object({ type: z.enum(articleEventTypes), timestamp: isoDate(), data: WebhookData });
