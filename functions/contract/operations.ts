/**
 * What each route of infra/routes.ts does, for the OpenAPI document: a summary, its query
 * parameters, its request body and its answers, by name of a schema in `components` (openapi.ts).
 * Path parameters and security come from the route table itself. A route missing here still appears
 * in the document (with a generic entry), and test/contract/openapi.test.ts fails until it is described.
 */
import type { ArticleStatus } from '#core/article/schema.ts';

export type ComponentName =
  | 'Error' | 'Health' | 'ArticleInput' | 'NinjsDocument' | 'WriteSummary' | 'Article' | 'ArticleList' | 'VersionList' | 'ArticleVersion'
  | 'PublisherRequest' | 'PublisherList' | 'PartnerRequest' | 'IssuedKey' | 'SubscriptionRequest' | 'SubscriptionPatch' | 'SubscriptionView'
  | 'CreatedSubscription' | 'SubscriptionList' | 'RotatedSecret' | 'DeliveryAttempts' | 'ReplayRequest' | 'Replayed' | 'EventPage'
  | 'TestEventRequest' | 'TestEventResult' | 'SubscriptionStats' | 'Me';

export interface QueryParameter {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

/** A success answer: a JSON schema by name, another media type, or no body. */
export type Answer = ComponentName | { contentType: string; description: string } | { empty: string };

export interface Operation {
  summary: string;
  description?: string;
  query?: QueryParameter[];
  /** Media type → schema name (JSON) or a plain string body. */
  body?: Record<string, ComponentName | 'text'>;
  /** The body may be left out. */
  optionalBody?: boolean;
  responses: Record<string, Answer>;
  /** Error statuses beyond the ones every operation of its kind has (400, and 401/403 or 404 as they apply). */
  errors?: Record<string, string>;
}

const text = (description: string): QueryParameter['schema'] => ({ type: 'string', maxLength: 200, description });
const limit = (max: number, byDefault: number): QueryParameter => ({
  name: 'limit',
  description: `Entries per page, 1 to ${max} (default ${byDefault}).`,
  schema: { type: 'integer', minimum: 1, maximum: max, default: byDefault },
});
const cursor = (name = 'cursor'): QueryParameter => ({ name, description: 'Opaque: the next-page cursor of the previous page, unchanged.', schema: text('cursor') });
const statuses: readonly ArticleStatus[] = ['published', 'withdrawn', 'embargoed'];
const articleBody = { 'application/json': 'ArticleInput', 'text/plain': 'text', 'text/html': 'text' } as const;

export const operations: Record<string, Operation> = {
  'GET /health': { summary: 'Readiness: 200 once every part of the pipeline answers', responses: { 200: 'Health' } },
  'GET /openapi.json': { summary: 'This document', responses: { 200: { contentType: 'application/json', description: 'The OpenAPI 3.1 document of this API' } } },
  'POST /articles': {
    summary: 'Publish an article',
    description: 'Our JSON (ArticleInput), ninjs 2.x or 3.x as application/json, HTML, or the reference text format. The same content again answers 200 with the same id.',
    body: articleBody,
    responses: { 201: 'WriteSummary', 200: 'WriteSummary' },
    errors: { 413: 'Body or article too large', 415: 'Unsupported content type', 422: 'Content refused, with a code naming the problem' },
  },
  'GET /articles': {
    summary: 'List articles, newest first',
    query: [
      { name: 'tag', description: 'Only articles with this tag id.', schema: text('tag id') },
      { name: 'publisher', description: 'Only this publisher (not with tag).', schema: text('publisher id') },
      { name: 'status', description: 'published (default, public); withdrawn or embargoed need the admin key.', schema: { type: 'string', enum: statuses, default: 'published' } },
      { name: 'distinct', description: 'true: leave near-duplicates out.', schema: { type: 'string', enum: ['true', 'false'] } },
      limit(100, 20),
      cursor(),
    ],
    responses: { 200: 'ArticleList' },
    errors: { 401: 'status=withdrawn or embargoed without a key', 403: 'status=withdrawn or embargoed with a key other than the admin key' },
  },
  'GET /articles/{id}': {
    summary: 'The latest version of an article (append .ninjs to the id for ninjs 2.x)',
    responses: { 200: 'Article' },
    errors: { 410: 'The article was withdrawn' },
  },
  'PUT /articles/{id}': {
    summary: 'Correct an article: a new version, same id',
    body: articleBody,
    responses: { 200: 'WriteSummary' },
    errors: { 409: 'Conflicting write', 413: 'Body too large', 415: 'Unsupported content type', 422: 'Content refused' },
  },
  'DELETE /articles/{id}': { summary: 'Withdraw (kill) an article: gone from every feed, webhooks notified', responses: { 200: 'WriteSummary' } },
  'GET /articles/{id}/versions': {
    summary: 'Every stored version of an article, oldest first',
    query: [limit(100, 100), cursor()],
    responses: { 200: 'VersionList' },
    errors: { 410: 'The article was withdrawn (its versions stay readable with the admin or its publisher key)' },
  },
  'GET /articles/{id}/versions/{n}': {
    summary: 'One version of an article as it was stored',
    responses: { 200: 'ArticleVersion' },
    errors: { 410: 'The article was withdrawn (readable with the admin or its publisher key)' },
  },
  'GET /events': {
    summary: 'The event pull channel: every article.published, article.updated and article.withdrawn, in order',
    description:
      'Events are numbered 1, 2, 3, ... in the order they were appended (a counter moved in the same transaction as the event), so a page never skips one: ' +
      'resume with after=<nextCursor>. The events of one article are in the order they happened. Events are kept 30 days.',
    query: [
      cursor('after'),
      { name: 'since', description: 'The same as after (either name).', schema: text('cursor') },
      { name: 'type', description: 'Only events of this type.', schema: { type: 'string', enum: ['article.published', 'article.updated', 'article.withdrawn'] } },
      { name: 'tag', description: 'Only events of articles with this tag id.', schema: text('tag id') },
      { name: 'wait', description: 'Long poll: wait up to this many seconds (0 to 20) for an event when there is none yet.', schema: { type: 'integer', minimum: 0, maximum: 20, default: 0 } },
      limit(100, 50),
    ],
    responses: { 200: 'EventPage', 304: { empty: 'Not modified (If-None-Match matched the ETag)' } },
  },
  'GET /publishers': {
    summary: 'The registered publishers, by id (never a key: only its short id and when it was issued)',
    description: 'One page of the publisher directory, in id order; pass cursor to read on. A bad limit answers 400 invalid_limit, a cursor this API did not issue 400 invalid_cursor.',
    query: [limit(100, 50), cursor()],
    responses: { 200: 'PublisherList' },
  },
  'POST /publishers': { summary: 'Register a publisher; its key is shown once', body: { 'application/json': 'PublisherRequest' }, responses: { 201: 'IssuedKey' }, errors: { 409: 'Exists' } },
  'POST /publishers/{id}/rotate-key': { summary: "Replace a publisher's key; the old one stops at once", responses: { 200: 'IssuedKey' } },
  'POST /partners': { summary: 'Register a partner; its key is shown once', body: { 'application/json': 'PartnerRequest' }, responses: { 201: 'IssuedKey' }, errors: { 409: 'Exists' } },
  'POST /partners/{id}/rotate-key': { summary: "Replace a partner's key; the old one stops at once", responses: { 200: 'IssuedKey' } },
  'POST /subscriptions': {
    summary: 'Subscribe a webhook endpoint; its whsec_ secret is shown once',
    body: { 'application/json': 'SubscriptionRequest' },
    responses: { 201: 'CreatedSubscription' },
  },
  'GET /subscriptions': {
    summary: "List subscriptions (a partner key sees its own)",
    query: [
      { name: 'status', description: 'active or disabled.', schema: { type: 'string', enum: ['active', 'disabled'] } },
      { name: 'tag', description: 'Only subscriptions filtering on this tag.', schema: text('tag id') },
      { name: 'event', description: 'Only subscriptions that want this event type.', schema: { type: 'string', enum: ['article.published', 'article.updated', 'article.withdrawn'] } },
      { name: 'partner', description: 'Admin: one partner only.', schema: text('partner id') },
      limit(200, 50),
      cursor(),
    ],
    responses: { 200: 'SubscriptionList' },
  },
  'GET /subscriptions/{id}': { summary: 'A subscription, with its secret ids and validity (never a secret)', responses: { 200: 'SubscriptionView' } },
  'PATCH /subscriptions/{id}': {
    summary: 'Change a subscription; enabled:true re-enables, with replay:true it resends what failed',
    body: { 'application/json': 'SubscriptionPatch' },
    responses: { 200: 'SubscriptionView' },
    errors: { 409: 'A concurrent change won' },
  },
  'DELETE /subscriptions/{id}': { summary: 'Delete a subscription', responses: { 204: { empty: 'Deleted' } } },
  'POST /subscriptions/{id}/rotate-secret': { summary: 'A new signing secret; the old one signs too during the grace period', responses: { 200: 'RotatedSecret' } },
  'GET /subscriptions/{id}/deliveries': {
    summary: 'Delivery attempts, newest first, each with its event type, article id and webhook-id',
    query: [
      { name: 'status', description: 'delivered or failed.', schema: { type: 'string', enum: ['delivered', 'failed'] } },
      { name: 'event', description: 'Only attempts of this event type.', schema: { type: 'string', enum: ['article.published', 'article.updated', 'article.withdrawn'] } },
      { name: 'from', description: 'From this ISO 8601 instant (included).', schema: text('ISO 8601 time') },
      { name: 'to', description: 'Up to this ISO 8601 instant (included).', schema: text('ISO 8601 time') },
      limit(200, 50),
      cursor(),
    ],
    responses: { 200: 'DeliveryAttempts' },
  },
  'POST /subscriptions/{id}/test': {
    summary: 'Send a signed example event now and show what the endpoint answered',
    body: { 'application/json': 'TestEventRequest' },
    optionalBody: true,
    responses: { 200: 'TestEventResult' },
  },
  'GET /subscriptions/{id}/stats': { summary: 'Success rate, p50/p95 latency, attempts, last error and circuit state over the last 24 hours', responses: { 200: 'SubscriptionStats' } },
  'GET /me': { summary: 'What kind of key this is and which routes it opens', responses: { 200: 'Me' } },
  'POST /subscriptions/{id}/replay': { summary: 'Deliver again, with the same webhook-id', body: { 'application/json': 'ReplayRequest' }, responses: { 202: 'Replayed' } },
  'GET /console': { summary: 'The console web app', responses: { 200: { contentType: 'text/html', description: 'The console page' } } },
  'GET /console/{file}': { summary: "One of the console's static files", responses: { 200: { contentType: 'application/octet-stream', description: 'A script, style sheet or image' } } },
};
