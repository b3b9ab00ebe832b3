/**
 * What the HTTP API answers, as zod/mini schemas: the response half of the contract that
 * functions/contract/openapi.ts publishes. Request bodies are not here: the document takes them from
 * the very schemas the handlers validate with (ArticleInput, SubscriptionRequest, ...).
 *
 * Subscription shapes are loose objects (extra fields allowed) with their fixed fields required: the
 * subscriptions API grows fields often, and a receiver should ignore what it does not know.
 */
import * as z from 'zod/mini';
import { Article, ArticleStatus, NormalisationNote, Publisher, Tag } from '#core/article/schema.ts';
import { articleEventTypes } from '#core/article/events.ts';
import { WebhookPayloadSchema } from '#core/webhooks/payload-schema.ts';

const isoDate = () => z.iso.datetime({ offset: true });
const links = z.object({ self: z.string(), ninjs: z.string() });

export const ErrorResponse = z.object({ error: z.object({ code: z.string().check(z.minLength(1)), message: z.string() }) });
export const Health = z.object({ status: z.string() });

/** What a write (POST, PUT, DELETE of an article) answers. */
export const WriteSummary = z.object({
  outcome: z.enum(['created', 'corrected', 'unchanged', 'withdrawn']),
  id: z.string(),
  version: z.int().check(z.gte(1)),
  status: ArticleStatus,
  publisher: Publisher,
  headline: z.string(),
  tags: z.array(Tag),
  notes: z.array(NormalisationNote),
  publishedAt: isoDate(),
  updatedAt: isoDate(),
  embargoUntil: z.optional(isoDate()),
  withdrawnAt: z.optional(isoDate()),
  links,
});

export const ArticleResponse = z.extend(Article, { links });
export const ArticleListEntry = z.extend(z.omit(Article, { body: true, bodyHtml: true }), { links });
export const ArticleList = z.object({ articles: z.array(ArticleListEntry), nextCursor: z.optional(z.string()) });
/** IPTC ninjs 2.x, rendered from the current state (functions/core/ninjs/to-ninjs.ts). */
export const NinjsDocument = z.looseObject({ uri: z.string(), type: z.string() });

/** A key issued once (publisher or partner registration, rotation). */
export const IssuedKey = z.object({ id: z.string(), name: z.optional(z.string()), apiKey: z.string().check(z.minLength(1)) });
/** The publisher directory (adapters/publisher-directory.ts): never a key or its hash, only the key's short id. */
export const ListedPublisher = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoDate(),
  status: z.enum(['active', 'no_key']),
  keyId: z.optional(z.string().check(z.regex(/^key_[0-9a-f]{12}$/))),
  keyIssuedAt: z.optional(isoDate()),
});
export const PublisherList = z.object({ publishers: z.array(ListedPublisher), cursor: z.optional(z.string()) });

export const SubscriptionView = z.looseObject({
  id: z.string(),
  url: z.string(),
  tags: z.array(z.string()),
  events: z.array(z.enum(articleEventTypes)),
  status: z.enum(['active', 'disabled']),
  createdAt: isoDate(),
  signingSecrets: z.optional(z.array(z.looseObject({ id: z.string(), current: z.boolean(), validUntil: z.optional(isoDate()) }))),
});
export const CreatedSubscription = z.extend(SubscriptionView, { secret: z.string().check(z.regex(/^whsec_/)) });
export const SubscriptionList = z.object({ subscriptions: z.array(SubscriptionView), cursor: z.optional(z.string()) });
export const RotatedSecret = z.looseObject({ secret: z.string().check(z.regex(/^whsec_/)) });
/** One delivery attempt as the log keeps it (core/webhooks/ports.ts `AttemptRecord`). */
export const DeliveryAttempt = z.looseObject({
  subscriptionId: z.string(),
  /** The webhook-id. */
  deliveryId: z.string(),
  eventType: z.optional(z.enum(articleEventTypes)),
  articleId: z.optional(z.string()),
  round: z.int().check(z.gte(0)),
  attempt: z.int().check(z.gte(1)),
  at: isoDate(),
  status: z.optional(z.int()),
  durationMs: z.number(),
  /** First 1 KB of the answer. */
  response: z.optional(z.string()),
  error: z.optional(z.string()),
  outcome: z.enum(['delivered', 'retry', 'give_up', 'disable_endpoint']),
  /** A test event (POST /subscriptions/{id}/test): not a delivery, left out of the stats. */
  test: z.optional(z.literal(true)),
});
export const DeliveryAttempts = z.looseObject({ attempts: z.array(DeliveryAttempt), cursor: z.optional(z.string()) });
export const Replayed = z.looseObject({ replayed: z.array(z.string()) });
export const TestEventResult = z.looseObject({
  webhookId: z.string(),
  event: z.enum(articleEventTypes),
  delivered: z.boolean(),
  status: z.optional(z.int()),
  durationMs: z.number(),
  response: z.optional(z.string()),
  error: z.optional(z.string()),
});
export const SubscriptionStats = z.looseObject({
  subscriptionId: z.string(),
  window: z.object({ from: isoDate(), to: isoDate(), hours: z.number() }),
  attempts: z.int(),
  delivered: z.int(),
  failed: z.int(),
  successRate: z.nullable(z.number()),
  latency: z.object({ p50Ms: z.nullable(z.number()), p95Ms: z.nullable(z.number()) }),
  lastError: z.nullable(z.looseObject({ at: isoDate(), deliveryId: z.string(), status: z.optional(z.int()), error: z.string() })),
  /** Derived from the log: breakers live per deliver container (core/webhooks/delivery-stats.ts). */
  circuit: z.looseObject({
    state: z.enum(['closed', 'open', 'half_open']),
    failuresInARow: z.int(),
    openUntil: z.optional(isoDate()),
    source: z.literal('derived'),
  }),
  hourly: z.array(z.object({ start: isoDate(), delivered: z.int(), failed: z.int() })),
  /** False when the window held more attempts than `readLimit`: the figures cover the newest ones. */
  complete: z.boolean(),
  readLimit: z.int(),
});
export const Me = z.looseObject({
  kind: z.enum(['admin', 'publisher', 'partner']),
  publisherId: z.optional(z.string()),
  partnerId: z.optional(z.string()),
  name: z.optional(z.string()),
  routes: z.array(z.string()),
  scope: z.string(),
});

/** One stored version of an article, as `GET /articles/{id}/versions` lists it. */
export const VersionEntry = z.object({
  version: z.int().check(z.gte(1)),
  /** When this version was written (the article's updatedAt then). */
  at: isoDate(),
  /** `created` for version 1, `corrected` for every later one. */
  change: z.enum(['created', 'corrected']),
  /** The status the version was written with; absent on versions stored before it was recorded. */
  status: z.optional(ArticleStatus),
  headline: z.string(),
  links: z.object({ self: z.string() }),
});
export const VersionList = z.object({
  id: z.string(),
  /** The article's status now (a withdrawal or release changes it without adding a version). */
  status: ArticleStatus,
  withdrawnAt: z.optional(isoDate()),
  versions: z.array(VersionEntry),
  nextCursor: z.optional(z.string()),
});
export const ArticleVersion = z.extend(Article, { links: z.object({ self: z.string(), article: z.string() }) });

/** One entry of the pull channel: the event a webhook carries, with its place in the order. */
export const PulledEvent = z.object({
  /** Resume after this event with `?after=<cursor>`. */
  cursor: z.string(),
  /** Stable identity of the event; the same across retries of its append. */
  id: z.string(),
  /** Position in the channel: 1, 2, 3, ... with no gaps. */
  sequence: z.int().check(z.gte(1)),
  type: z.enum(articleEventTypes),
  articleId: z.string(),
  occurredAt: isoDate(),
  /** The webhook body of this event, byte for byte the JSON the webhooks send. */
  payload: WebhookPayloadSchema,
});
export const EventPage = z.object({
  events: z.array(PulledEvent),
  /** Pass as `after` to continue; present even on an empty page, so a poller keeps its place. */
  nextCursor: z.optional(z.string()),
});
