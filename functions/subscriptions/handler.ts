/**
 * The subscriptions and partners API (routes in infra/routes.ts): API Gateway
 * v2 event in, the route's access level checked (the shared Authenticator:
 * unknown key 401, a key of the wrong kind 403; a partner key then reaches only
 * its own subscriptions), use case, JSON out. Errors are
 * `{"error": {"code", "message"}}` with the status the error carries.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { adminKeyFromEnvironment } from '#adapters/admin-key.ts';
import { AuthFailure, Authenticator, requireAccess, type Principal } from '#adapters/auth.ts';
import { InvalidCursor } from '#adapters/cursor.ts';
import type { HttpSender } from '#adapters/http-sender.ts';
import { DynamoPartnerRepository } from '#adapters/partner-repository.ts';
import { DynamoPublisherReader } from '#adapters/publisher-repository.ts';
import { SubscriptionChanged } from '#adapters/subscription-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { readSecretString } from '#commons/clients/secret-values.ts';
import { tableName } from '#commons/env.ts';
import { answeringHead } from '#commons/head.ts';
import { mappingThrownStacks } from '#commons/original-stack.ts';
import { checkPathParameters, matchPath, PathRefused, routeKey, routes, type Route } from '#infra/routes.ts';
import { SubscriptionRefused } from '#core/webhooks/subscription.ts';
import type { Clock, DeliveryLog } from '#core/webhooks/ports.ts';
import { webhookAdapters } from '../deliver/compose.ts';
import {
  createSubscription, deleteSubscription, getSubscription, listSubscriptions, publicView, rotateSecret, SubscriptionNotFound, updateSubscription,
  type ManageDependencies,
} from './manage.ts';
import { PartnerRefused, registerPartner, rotatePartnerKey, type PartnerDependencies } from './partners.ts';
import { replayDeliveries, replayMissed, ReplayRefused, type ReplayDependencies } from './replay.ts';
import { listDeliveries, LogQueryRefused } from './deliveries.ts';
import { describeCaller } from './me.ts';
import { subscriptionStats } from './stats.ts';
import { sendTestEvent, TestEventRefused } from './test-event.ts';

export interface SubscriptionsApiDependencies {
  manage: ManageDependencies;
  replay: ReplayDependencies;
  deliveries: DeliveryLog;
  partners: PartnerDependencies;
  auth: Authenticator;
  /** Sends test events as deliveries are sent (the same sender and address policy). */
  sender: HttpSender;
  /** Name of a caller's partner or publisher, for GET /me. */
  nameOf?: (caller: Principal) => Promise<string | undefined>;
}

type Result = APIGatewayProxyStructuredResultV2;

const json = (statusCode: number, body: unknown): Result => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});
const failure = (statusCode: number, code: string, message: string) => json(statusCode, { error: { code, message } });

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readJson(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('invalid_json', 'the request body is not valid JSON');
  }
}

/** API Gateway gives `routeKey`; a `$default` route (local runtime) is matched against the route table. */
function resolveRoute(event: APIGatewayProxyEventV2): { key: string; route: Route; id?: string | undefined } | undefined {
  const method = event.requestContext.http.method;
  for (const route of routes.filter((r) => r.function === 'subscriptions')) {
    if (event.routeKey === routeKey(route)) {
      // The raw path is checked too: a malformed encoding there is refused even when API Gateway passed it on.
      const params = { ...(matchPath(route.path, event.rawPath) ?? {}), ...checkPathParameters(event.pathParameters) };
      return { key: routeKey(route), route, id: params.id };
    }
    const params = route.method === method ? matchPath(route.path, event.rawPath) : undefined;
    if (params) return { key: routeKey(route), route, id: params.id };
  }
  return undefined;
}

/** The API's own base as the caller reached it: the links of a test event point there. */
function requestBaseUrl(event: APIGatewayProxyEventV2): string {
  const host = event.requestContext.domainName ?? '';
  const proto = event.headers?.['x-forwarded-proto'] === 'http' ? 'http' : /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? 'http' : 'https';
  // A Host header is the caller's to write: anything but a plain host[:port] stands down to a name that cannot resolve.
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host) ? `${proto}://${host}` : 'https://api.invalid';
}

export function createSubscriptionsHandler(deps: SubscriptionsApiDependencies) {
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    let route: ReturnType<typeof resolveRoute>;
    try {
      route = resolveRoute(event);
    } catch (error) {
      if (error instanceof PathRefused) return failure(error.status, error.code, error.message);
      throw error;
    }
    if (!route) return failure(404, 'not_found', `no route ${event.requestContext.http.method} ${event.rawPath}`);
    const id = route.id ?? '';
    try {
      const caller = await deps.auth.authenticate(event.headers);
      requireAccess(caller, route.route.access);
      const query = event.queryStringParameters ?? {};
      switch (route.key) {
        case 'POST /partners':
          return json(201, await registerPartner(readJson(event), deps.partners));
        case 'POST /partners/{id}/rotate-key':
          return json(200, await rotatePartnerKey(id, deps.partners));
        case 'POST /subscriptions':
          return json(201, await createSubscription(readJson(event), caller, deps.manage));
        case 'GET /subscriptions':
          return json(200, await listSubscriptions(query, caller, deps.manage));
        case 'GET /subscriptions/{id}':
          return json(200, publicView(await getSubscription(id, caller, deps.manage)));
        case 'PATCH /subscriptions/{id}': {
          const outcome = await updateSubscription(id, readJson(event), caller, deps.manage);
          const replayed = outcome.replay && outcome.reenabledAfter ? await replayMissed(id, outcome.reenabledAfter, deps.replay) : undefined;
          return json(200, { ...outcome.subscription, ...(replayed ? { replayed: replayed.replayed } : {}) });
        }
        case 'DELETE /subscriptions/{id}':
          await deleteSubscription(id, caller, deps.manage);
          return { statusCode: 204 };
        case 'POST /subscriptions/{id}/rotate-secret':
          return json(200, await rotateSecret(id, caller, deps.manage));
        case 'GET /subscriptions/{id}/deliveries':
          await getSubscription(id, caller, deps.manage);
          return json(200, await listDeliveries(id, query, deps.deliveries));
        case 'POST /subscriptions/{id}/replay':
          await getSubscription(id, caller, deps.manage);
          return json(202, await replayDeliveries(id, readJson(event), deps.replay));
        case 'POST /subscriptions/{id}/test': {
          const subscription = await getSubscription(id, caller, deps.manage);
          const testDeps = { sender: deps.sender, deliveries: deps.deliveries, clock: deps.manage.clock, randomId: () => Buffer.from(deps.manage.randomBytes(12)).toString('hex') };
          return json(200, await sendTestEvent(subscription, readJson(event), requestBaseUrl(event), testDeps));
        }
        case 'GET /subscriptions/{id}/stats':
          return json(200, await subscriptionStats(await getSubscription(id, caller, deps.manage), { deliveries: deps.deliveries, clock: deps.manage.clock }));
        case 'GET /me':
          return json(200, await describeCaller(caller, deps.nameOf ?? (async () => undefined)));
        default:
          return failure(404, 'not_found', `no route ${route.key}`);
      }
    } catch (error) {
      if (error instanceof AuthFailure) return failure(error.status, error.code, error.message);
      if (error instanceof SubscriptionRefused) return failure(error.status, error.code, error.message);
      if (error instanceof SubscriptionNotFound || error instanceof ReplayRefused) return failure(error.status, error.code, error.message);
      if (error instanceof LogQueryRefused || error instanceof TestEventRefused) return failure(error.status, error.code, error.message);
      if (error instanceof PartnerRefused || error instanceof SubscriptionChanged || error instanceof InvalidCursor) {
        return failure(error.status, error.code, error.message);
      }
      if (error instanceof BadRequest) return failure(400, error.code, error.message);
      throw error;
    }
  };
}

let composed: Promise<(event: APIGatewayProxyEventV2) => Promise<Result>> | undefined;

export const handler = mappingThrownStacks(async (event: APIGatewayProxyEventV2): Promise<Result> => {
  composed ??= compose().catch((error: unknown) => {
    composed = undefined;
    throw error;
  });
  return answeringHead(event, await composed);
});

function compose(): Promise<(event: APIGatewayProxyEventV2) => Promise<Result>> {
  return webhookAdapters().then((a) => {
    const clock: Clock = () => new Date();
    const partners = new DynamoPartnerRepository(documentClient(), tableName());
    const publishers = new DynamoPublisherReader(documentClient(), tableName());
    return createSubscriptionsHandler({
      manage: {
        isPublisher: async (id) => (await publishers.get(id)) !== undefined,
        subscriptions: a.subscriptions,
        partners,
        policy: a.addressPolicy,
        clock,
        randomBytes: (n) => randomBytes(n),
        newId: () => `sub_${randomUUID().replace(/-/g, '')}`,
      },
      replay: { deliveries: a.deliveries, payloads: a.payloads, queue: a.queue, clock },
      deliveries: a.deliveries,
      partners: { partners, clock },
      auth: new Authenticator(publishers, adminKeyFromEnvironment(readSecretString)),
      sender: a.sender,
      nameOf: async (caller) =>
        caller.kind === 'partner' ? (await partners.get(caller.partnerId))?.name : caller.kind === 'publisher' ? (await publishers.get(caller.publisherId))?.name : undefined,
    });
  });
}
