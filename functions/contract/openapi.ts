/**
 * The OpenAPI 3.1 document of the HTTP API, built from what the code runs on, so it cannot drift:
 * 1. paths, methods, path parameters and who may call each route from infra/routes.ts;
 * 2. request bodies from the zod/mini schemas the handlers validate with, response bodies from
 *    functions/contract/responses.ts, both converted by zod's own JSON Schema (2020-12) export;
 * 3. the `webhooks` section from the webhook payload schema, one entry per event type;
 * 4. summaries, query parameters and answers from functions/contract/operations.ts.
 * Served at `GET /openapi.json` and written to events/schemas/openapi.json by `npm run schema`.
 */
import * as z from 'zod/mini';
import { articleEventTypes } from '#core/article/events.ts';
import { publisherRequest } from '#core/article/publisher-request.ts';
import { articleInput } from '#core/article/input-schema.ts';
import { PartnerRequest } from '#core/webhooks/partner-request.ts';
import { webhookPayloadSchema } from '#core/webhooks/payload-schema.ts';
import { SubscriptionPatch, SubscriptionRequest } from '#core/webhooks/subscription.ts';
import { ReplayRequest } from '#core/webhooks/replay-request.ts';
import { TestEventRequest } from '#core/webhooks/test-event.ts';
import { routeKey, routes, type Access, type Route } from '#infra/routes.ts';
import { operations, type Answer, type ComponentName, type Operation } from './operations.ts';
import * as responses from './responses.ts';

type Json = Record<string, unknown>;


const inputs: Partial<Record<ComponentName, z.ZodMiniType>> = { ArticleInput: articleInput(), PublisherRequest: publisherRequest(), PartnerRequest, SubscriptionRequest, SubscriptionPatch, ReplayRequest, TestEventRequest };
const outputs: Partial<Record<ComponentName, z.ZodMiniType>> = {
  Error: responses.ErrorResponse,
  Health: responses.Health,
  NinjsDocument: responses.NinjsDocument,
  WriteSummary: responses.WriteSummary,
  Article: responses.ArticleResponse,
  ArticleList: responses.ArticleList,
  VersionList: responses.VersionList,
  ArticleVersion: responses.ArticleVersion,
  IssuedKey: responses.IssuedKey,
  PublisherList: responses.PublisherList,
  SubscriptionView: responses.SubscriptionView,
  CreatedSubscription: responses.CreatedSubscription,
  SubscriptionList: responses.SubscriptionList,
  RotatedSecret: responses.RotatedSecret,
  DeliveryAttempts: responses.DeliveryAttempts,
  Replayed: responses.Replayed,
  EventPage: responses.EventPage,
  TestEventResult: responses.TestEventResult,
  SubscriptionStats: responses.SubscriptionStats,
  Me: responses.Me,
};

/** A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12 without its `$schema` line). */
export function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const webhookSchemaName = (type: string) => `Webhook_${type.replace('.', '_')}`;

/** Security per access level: `publisher` and `partner` routes also admit the admin key. */
const securityOf: Record<Access, Json[]> = {
  public: [],
  key: [{ partnerKey: [] }, { publisherKey: [] }, { adminKey: [] }],
  publisher: [{ publisherKey: [] }, { adminKey: [] }],
  partner: [{ partnerKey: [] }, { adminKey: [] }],
  admin: [{ adminKey: [] }],
};

const operationId = (route: Route) =>
  route.method.toLowerCase() +
  route.path
    .split(/[/.{}-]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');

function answer(status: string, a: Answer): Json {
  if (typeof a === 'string') return { description: `${status} ${a}`, content: { 'application/json': { schema: ref(a) } } };
  if ('empty' in a) return { description: a.empty };
  return { description: a.description, content: { [a.contentType]: { schema: a.contentType.startsWith('application/json') ? { type: 'object' } : { type: 'string' } } } };
}

function errorsOf(route: Route, op: Operation): Json {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
  const out: Json = { 400: error('The request is malformed; error.code names the problem') };
  if (route.access !== 'public') {
    out[401] = error('No key, or a key we do not know');
    out[403] = error('The key may not do this');
  }
  if (route.path.includes('{')) out[404] = error('No such resource (or not yours)');
  for (const [status, description] of Object.entries(op.errors ?? {})) out[status] = error(description);
  return out;
}

function pathItemOperation(route: Route): Json {
  const key = routeKey(route);
  const op: Operation = operations[key] ?? { summary: key, responses: { 200: { contentType: 'application/json', description: 'Undocumented answer' } } };
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: name === 'n' ? 'Version number, from 1.' : `The ${name}, as the API issued it.`,
    schema: name === 'n' ? { type: 'integer', minimum: 1 } : { type: 'string', minLength: 1, maxLength: 200 },
  }));
  const query = (op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema }));
  const body = op.body
    ? {
        requestBody: {
          required: !op.optionalBody,
          content: Object.fromEntries(Object.entries(op.body).map(([type, schema]) => [type, { schema: schema === 'text' ? { type: 'string' } : ref(schema) }])),
        },
      }
    : {};
  return {
    operationId: operationId(route),
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [route.path.split('/')[1] ?? 'api'],
    security: securityOf[route.access],
    'x-access': route.access,
    ...(pathParams.length + query.length > 0 ? { parameters: [...pathParams, ...query] } : {}),
    ...body,
    responses: { ...Object.fromEntries(Object.entries(op.responses).map(([s, a]) => [s, answer(s, a)])), ...errorsOf(route, op) },
  };
}

/**
 * Every GET route answers HEAD too (the HTTP API binds a HEAD twin to the same function): the same
 * operation, its answers without a body, so a client generator offers it and a linter sees it.
 */
function headTwin(get: Json): Json {
  const responses = Object.fromEntries(
    Object.entries(get.responses as Record<string, Json>).map(([status, answer]) => [status, { description: answer.description }]),
  );
  const { requestBody: _none, ...rest } = get;
  return { ...rest, operationId: `head${String(get.operationId).slice('get'.length)}`, summary: `${String(get.summary)} (headers only)`, responses };
}

export interface OpenApiOptions {
  /** The API's base URL for `servers`; the local runtime's default when absent. */
  serverUrl?: string;
}

export function openApiDocument(options: OpenApiOptions = {}): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = pathItemOperation(route);
    if (route.method === 'GET') item.head = headTwin(item.get as Json);
  }
  const schemas: Json = {};
  for (const [name, schema] of Object.entries(inputs)) schemas[name] = jsonSchemaOf(schema, 'input');
  for (const [name, schema] of Object.entries(outputs)) schemas[name] = jsonSchemaOf(schema, 'output');
  for (const type of articleEventTypes) schemas[webhookSchemaName(type)] = jsonSchemaOf(webhookPayloadSchema(type), 'output');
  const webhooks = Object.fromEntries(
    articleEventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `webhook${type.split('.')[1]![0]!.toUpperCase()}${type.split('.')[1]!.slice(1)}`,
          summary: `${type}: sent to each subscription that wants it, signed per Standard Webhooks`,
          description: 'Headers webhook-id (stable per subscription and event: deduplicate on it), webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256>).',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: ref(webhookSchemaName(type)) } } },
          responses: { 200: { description: 'Any 2xx acknowledges the delivery; 410 disables the endpoint; anything else is retried with backoff' } },
        },
      },
    ]),
  );
  // Only schemas something refers to (an operation, a webhook or another schema): described routes not yet served add none.
  const used = new Set<string>();
  const collect = (value: unknown) => {
    for (const [, name] of JSON.stringify(value).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      if (!used.has(name!)) {
        used.add(name!);
        collect(schemas[name!]);
      }
    }
  };
  collect([paths, webhooks]);
  return {
    openapi: '3.1.0',
    info: {
      title: 'syndicate',
      version: '0.1.0',
      description:
        'Content syndication: publishers push articles; partners read them as feeds, pull events or receive signed webhooks. ' +
        'Every error is {"error": {"code", "message"}} with a 4xx status that fits. Send keys as Authorization: Bearer <key>.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: options.serverUrl ?? 'http://127.0.0.1:3000', description: options.serverUrl ? 'This API' : 'npm start' }],
    tags: [...new Set(routes.map((r) => r.path.split('/')[1] ?? 'api'))].map((name) => ({ name, description: `/${name} routes` })),
    paths,
    webhooks,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'The admin key: does everything.' },
        publisherKey: { type: 'http', scheme: 'bearer', description: "A publisher's key: writes that publisher's articles." },
        partnerKey: { type: 'http', scheme: 'bearer', description: "A partner's key: its own subscriptions, deliveries, and the event channel." },
      },
    },
  };
}
