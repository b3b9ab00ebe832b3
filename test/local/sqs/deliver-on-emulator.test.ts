import { randomBytes } from 'node:crypto';
/**
 * The real deliver handler on the emulator, as `npm start` runs it: the
 * handler backs off with ChangeMessageVisibility, reports batch item failures,
 * moves exhausted deliveries to the DLQ itself, and the webhooks' redrive
 * brings them back, all through the functions' signed SQS calls against the emulator's
 * HTTP endpoint, while SqsEventSource plays Lambda's event source mapping.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Article } from '#core/article/schema.ts';
import { decodeMessage } from '#adapters/delivery-queue.ts';
import { handlerEnvironment } from '../../../infra/local/env.ts';
import { localQueueDefinitions, localQueueNames } from '../../../infra/local/queues.ts';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { SqsEventSource } from '../../../infra/local/sqs/event-source.ts';
import { serveSqs, type SqsEndpoint } from '../../../infra/local/sqs/http.ts';
import { repoRoot } from '../../support/shared.ts';
import { useLocalServices } from '../../support/services.ts';

const names = localQueueNames('local');
let sqs: LocalSqs;
let endpoint: SqsEndpoint;
let receiver: Server;
let receiverUrl: string;
let failuresLeft = 0;
let secret = '';
const accepted: Array<{ id: string; type: string }> = [];
let attempts = 0;

beforeAll(async () => {
  const services = await useLocalServices('deliver-on-emulator');
  sqs = new LocalSqs();
  sqs.define(localQueueDefinitions('local', [1, 1]));
  endpoint = await serveSqs(sqs);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts++;
      if (failuresLeft > 0) {
        failuresLeft--;
        return res.writeHead(500).end();
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const payload = new Webhook(secret).verify(Buffer.concat(chunks).toString(), headers) as { type: string };
      accepted.push({ id: headers['webhook-id']!, type: payload.type });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  Object.assign(
    process.env,
    handlerEnvironment(
      {
        ...services,
        sqsEndpoint: endpoint.url,
        deliveriesQueueUrl: sqs.urlOf(names.deliveries),
        deliveriesDlqUrl: sqs.urlOf(names.deliveriesDlq),
        apiUrl: 'http://127.0.0.1:3000',
        webhookSecretsKey: randomBytes(32).toString('base64'),
      },
      // The suite's log level (vitest.config.ts), not handlerEnvironment's WARN: the retries it provokes would print.
      { WEBHOOK_RETRY_SCHEDULE: '1,1', POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL },
    ),
  );
  const { handler: subscriptions } = (await import('../../../functions/subscriptions/handler.ts')) as {
    handler: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  };
  const created = await subscriptions({
    version: '2.0',
    routeKey: 'POST /subscriptions',
    rawPath: '/subscriptions',
    rawQueryString: '',
    headers: { authorization: `Bearer ${process.env.SYNDICATE_ADMIN_KEY}`, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/subscriptions' }, requestId: 'r', routeKey: 'POST /subscriptions', stage: '$default' },
    body: JSON.stringify({ url: receiverUrl }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2);
  expect(created.statusCode).toBe(201);
  secret = (JSON.parse(created.body!) as { secret: string }).secret;
});

afterAll(async () => {
  await endpoint.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

/** The article of the sample stream event, as the publish function would see it. */
function sampleArticle(): Article {
  const event = JSON.parse(readFileSync(join(repoRoot, 'events', 'stream', 'article-published.json'), 'utf8')) as DynamoDBStreamEvent;
  const { pk: _pk, sk: _sk, entity: _e, objects: _o, ...fields } = unmarshall(event.Records[0]!.dynamodb!.NewImage as Record<string, AttributeValue>);
  return Article.parse(fields);
}

async function enqueue(type: 'article.published' | 'article.updated'): Promise<void> {
  const { enqueueDeliveries } = await import('../../../functions/deliver/enqueue.ts');
  const { webhookAdapters } = await import('../../../functions/deliver/compose.ts');
  const a = await webhookAdapters();
  const sample = sampleArticle();
  // Another event for the same subscription needs another article state: the webhook-id is per (subscription, event).
  const article = type === 'article.updated' ? { ...sample, version: 2, updatedAt: '2026-03-02T15:30:00.000Z' } : sample;
  await enqueueDeliveries([{ type, article, occurredAt: article.updatedAt }], { subscriptions: a.subscriptions, queue: a.queue, publicBaseUrl: 'http://127.0.0.1:3000' });
}

async function runDeliverUntil(done: () => boolean): Promise<void> {
  const { handler } = (await import('../../../functions/deliver/handler.ts')) as { handler: (e: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }> };
  const source = new SqsEventSource(sqs.byName(names.deliveries), handler, { concurrency: 1, waitMs: 200 });
  source.start();
  try {
    for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await source.stop();
  }
}

describe('the deliver handler on the SQS emulator', () => {
  it('backs off through ChangeMessageVisibility after failures and delivers once the receiver recovers', async () => {
    failuresLeft = 2;
    attempts = 0;
    accepted.length = 0;
    await enqueue('article.published');
    await runDeliverUntil(() => accepted.length > 0);
    expect(accepted).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'article.published' }]);
    expect(attempts).toBe(3);
    expect(sqs.byName(names.deliveries).counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('dead-letters a delivery whose schedule runs out, and the redrive brings it back with the same webhook-id', async () => {
    failuresLeft = 1000;
    attempts = 0;
    accepted.length = 0;
    const dlq = sqs.byName(names.deliveriesDlq);
    await enqueue('article.updated');
    await runDeliverUntil(() => dlq.counts().visible > 0);
    expect(attempts).toBe(3); // first try + the two retries of the schedule
    expect(dlq.counts().visible).toBe(1);
    const deadId = decodeMessage(sqs.snapshot()[names.deliveriesDlq]![0]!.body).deliveryId;

    failuresLeft = 0;
    const { redrive } = await import('../../../functions/deliver/redrive.ts');
    const { webhookAdapters } = await import('../../../functions/deliver/compose.ts');
    const { sqsQueues } = await import('../../../functions/commons/clients/sqs.ts');
    const a = await webhookAdapters();
    const dlqUrl = sqs.urlOf(names.deliveriesDlq);
    const moved = await redrive({
      deadLetters: {
        receive: async (count) => (await sqsQueues().receiveMessage({ QueueUrl: dlqUrl, MaxNumberOfMessages: count })).map((m) => ({ message: decodeMessage(m.Body), receipt: m.ReceiptHandle })),
        remove: (receipt) => sqsQueues().deleteMessage({ QueueUrl: dlqUrl, ReceiptHandle: receipt }),
      },
      deliveries: a.deliveries,
      queue: a.queue,
      clock: () => new Date(),
    });
    expect(moved).toBe(1);
    await runDeliverUntil(() => accepted.length > 0);
    expect(accepted).toEqual([{ id: deadId, type: 'article.updated' }]);
    expect(dlq.counts().visible).toBe(0);
  });
});
