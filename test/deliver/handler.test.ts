import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeMessage, SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { webhookMetrics } from '#infra/constructs/monitoring.ts';
import { metricsNamespace } from '#infra/constructs/syndicate-function.ts';
import { env } from '#infra/definitions.ts';
import { randomBytes } from 'node:crypto';
import { run as redriveCommand } from '../../cli/commands/redrive.ts';
import { webhookAdapters } from '../../functions/deliver/compose.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { createDeliverHandler, handler as deliverHandler, type InvocationSummary } from '../../functions/deliver/handler.ts';
import { deliverMetrics } from '../../functions/deliver/metrics.ts';
import { handler as subscriptionsHandler } from '../../functions/subscriptions/handler.ts';
import { sampleEvent } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { captureEmf, enableMetricsOutput, metricValues } from './emf.ts';
import { harness } from './harness.ts';
import { startLocalQueues, type LocalQueues } from './local-queues.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';

// One emulated SQS endpoint for the file: the shared SQS client (#commons/clients.ts) is built once per process.
let clock: () => number = Date.now;
let queues: LocalQueues;
beforeAll(async () => {
  await useLocalServices('deliver-handler');
  queues = await startLocalQueues({ clock: () => clock(), schedule: [300] });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: queues.endpoint,
    [env.deliveriesQueueUrl]: queues.queueUrl,
    [env.deliveriesDlqUrl]: queues.dlqUrl,
  });
});
afterAll(async () => queues?.close());
const startReceiver = receiversClosedAfterEach();
afterEach(() => {
  vi.unstubAllEnvs();
  clock = Date.now;
});

describe('deliver Lambda on the local SQS queue', () => {
  it('acks the delivered, hides the failing one for its backoff, moves the exhausted to the DLQ, counts every attempt; redrive brings it back', async () => {
    const h = harness({ policy: { schedule: [300] } });
    clock = () => h.clock().getTime();
    let recovered = false;
    const good = await startReceiver();
    const bad = await startReceiver((_q, _i, res) => res.writeHead(recovered ? 200 : 500).end());
    const okSub = await h.subscribe({ url: good.url });
    const badSub = await h.subscribe({ url: bad.url });
    good.secrets.push(okSub.secret);
    bad.secrets.push(badSub.secret);
    const queue = new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl);
    await enqueueDeliveries([sampleEvent()], { subscriptions: h.subscriptions, queue, publicBaseUrl: 'https://x.example' });

    const logged: string[] = [];
    const summaries: InvocationSummary[] = [];
    enableMetricsOutput('syndicate-deliver');
    const handle = createDeliverHandler({ ...h, control: queue, log: (event) => void logged.push(event), summary: (s) => void summaries.push(s), metrics: deliverMetrics() });
    const source = queues.eventSource(handle);
    const firstBatch = await captureEmf(() => source.pollOnce());
    expect(good.delivered.size).toBe(1);
    expect(bad.requests).toHaveLength(1);
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

    h.advance(299);
    expect(await source.pollOnce()).toBe(0);
    h.advance(1);
    const secondBatch = await captureEmf(() => source.pollOnce());
    expect(bad.requests).toHaveLength(2);
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const [dead] = queues.dlq.receive({ max: 10 });
    expect(decodeMessage(dead!.Body)).toMatchObject({ subscriptionId: badSub.subscription.id, round: 0 });
    expect(dead!.MessageAttributes?.reason?.StringValue).toMatch(/HTTP 500/);
    queues.dlq.changeVisibility(dead!.ReceiptHandle, 0);
    // Per delivery, only what went wrong is logged (WARN); each invocation says once how its messages went (INFO).
    expect(logged).toEqual(['webhook.attempt_failed', 'webhook.attempt_failed', 'webhook.dead_lettered']);
    expect(summaries).toEqual([
      { messages: 2, outcomes: { delivered: 1, retry: 1 }, slowest: { subscriptionId: expect.any(String), durationMs: expect.any(Number) } },
      { messages: 1, outcomes: { dead_letter: 1 }, slowest: { subscriptionId: badSub.subscription.id, durationMs: expect.any(Number) } },
    ]);
    expect(JSON.stringify(summaries)).not.toContain(badSub.secret);

    // One EMF document per batch, in the namespace, metric names and sole dimension the infra alarm reads.
    for (const document of [...firstBatch, ...secondBatch]) {
      expect(document._aws.CloudWatchMetrics).toEqual([
        expect.objectContaining({ Namespace: metricsNamespace, Dimensions: [['service']] }),
      ]);
      expect(document.service).toBe('syndicate-deliver');
    }
    expect(firstBatch.map(metricValues)).toEqual([{ [webhookMetrics.delivered]: 1, [webhookMetrics.failed]: 1 }]);
    expect(secondBatch.map(metricValues)).toEqual([{ [webhookMetrics.failed]: 1 }]);

    // `syndicate redrive`: DLQ → deliveries queue through the shared SQS client, new round, same webhook-id.
    recovered = true;
    expect(await redriveCommand([])).toBe(0);
    expect(queues.dlq.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const afterRedrive = await captureEmf(async () => expect(await source.pollOnce()).toBe(1));
    expect(afterRedrive.map(metricValues)).toEqual([{ [webhookMetrics.delivered]: 1 }]);
    expect(bad.delivered.size).toBe(1);
    expect(new Set(bad.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(await h.deliveries.get(badSub.subscription.id, decodeMessage(dead!.Body).deliveryId)).toMatchObject({
      status: 'delivered', round: 1, attempts: 1,
    });
    await Promise.all([okSub, badSub].map((s) => h.subscriptions.delete(s.subscription.id)));
  });
});

describe('the composed deliver Lambda', () => {
  const apiEvent = (method: string, path: string, body?: unknown) =>
    ({
      routeKey: '$default',
      rawPath: path,
      headers: { authorization: 'Bearer composed-admin-key-0123456789' },
      requestContext: { http: { method } },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEventV2;

  it('will not start without the DLQ URL or a webhook secrets key', async () => {
    vi.stubEnv(env.deliveriesDlqUrl, '');
    await expect(deliverHandler({ Records: [] })).rejects.toThrow('environment variable DELIVERIES_DLQ_URL is not set');
    vi.stubEnv(env.deliveriesDlqUrl, queues.dlqUrl);
    vi.stubEnv(env.webhookSecretsKey, '');
    vi.stubEnv(env.webhookSecretsKeyArn, '');
    await expect(deliverHandler({ Records: [] })).rejects.toThrow(/neither WEBHOOK_SECRETS_KEY nor WEBHOOK_SECRETS_KEY_SECRET_ARN/);
  });

  it('delivers, through the queue, a secret sealed by the subscriptions Lambda, all from the environment', async () => {
    vi.stubEnv(env.webhookSecretsKey, randomBytes(32).toString('base64'));
    vi.stubEnv(env.adminKey, 'composed-admin-key-0123456789');
    vi.stubEnv(env.allowLoopbackWebhooks, 'true');
    const receiver = await startReceiver();
    const created = await subscriptionsHandler(apiEvent('POST', '/subscriptions', { url: receiver.url }));
    expect(created.statusCode).toBe(201);
    receiver.secrets.push((JSON.parse(created.body!) as { secret: string }).secret);

    const adapters = await webhookAdapters();
    await enqueueDeliveries([sampleEvent()], { subscriptions: adapters.subscriptions, queue: adapters.queue, publicBaseUrl: 'https://x.example' });
    enableMetricsOutput('syndicate-deliver');
    const source = queues.eventSource(deliverHandler);
    const emitted = await captureEmf(async () => {
      while (queues.queue.counts().visible > 0) await source.pollOnce();
    });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.verifiedBy).toEqual([0]);
    expect(emitted.map(metricValues)).toEqual([{ [webhookMetrics.delivered]: 1 }]);
  });
});
