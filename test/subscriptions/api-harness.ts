/**
 * The subscriptions Lambda's handler wired to the real adapters on DynamoDB
 * Local (the caller's table: call `useLocalServices` first), with the delivery
 * harness's clock and a queue port that records what replays send.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Authenticator } from '#adapters/auth.ts';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { DynamoPartnerRepository } from '#adapters/partner-repository.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { createSubscriptionsHandler } from '../../functions/subscriptions/handler.ts';
import type { Harness } from '../deliver/harness.ts';

export const ADMIN = 'test-admin-key-0123456789';

export function apiEvent(method: string, path: string, body?: unknown, key = ADMIN, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    routeKey: '$default',
    rawPath: path,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    queryStringParameters: query,
    requestContext: { http: { method } },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

// Bodies are untyped JSON, read only by assertions.
export const answer = (res: APIGatewayProxyStructuredResultV2): { status: number | undefined; body: any } => ({
  status: res.statusCode,
  body: res.body ? JSON.parse(res.body) : undefined,
});

let n = 0;

/** `sender` replaces the harness's (which allows loopback targets) for tests of the send-time address checks. */
export function subscriptionsApi(h: Harness, allowLoopback = true, sender = h.sender) {
  // The queue port captures what replay sends; the SQS adapter itself is tested on the local SQS endpoint (test/adapters/delivery-queue.test.ts).
  const queued: DeliveryMessage[] = [];
  const partners = new DynamoPartnerRepository(documentClient(), tableName());
  const handle = createSubscriptionsHandler({
    manage: {
      subscriptions: h.subscriptions,
      partners,
      policy: { allowLoopback },
      clock: h.clock,
      randomBytes: (size) => randomBytes(size),
      newId: () => `sub_api_${process.pid}_${Date.now()}_${++n}`,
      // The fixture article's tags are made up, not taxonomy concepts: they stand in as known tags here.
      isPublisher: async (id) => ['transport', 'harbour-town', 'coastland'].includes(id),
    },
    replay: { deliveries: h.deliveries, payloads: new DynamoPayloadStore(documentClient(), tableName()), queue: { send: async (m) => void queued.push(...m) }, clock: h.clock },
    deliveries: h.deliveries,
    partners: { partners, clock: h.clock },
    auth: new Authenticator(new DynamoPublisherRepository(documentClient(), tableName()), async () => ADMIN),
    sender,
    nameOf: async (caller) => (caller.kind === 'partner' ? (await partners.get(caller.partnerId))?.name : undefined),
  });
  const call = async (method: string, path: string, body?: unknown, key = ADMIN, query?: Record<string, string>) =>
    answer(await handle(apiEvent(method, path, body, key, query)));
  return { call, queued, handle };
}
