import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeMessage, type DeliveryQueueControl } from '#adapters/delivery-queue.ts';
import { createDeliverHandler } from '../../functions/deliver/handler.ts';
import { redrive, type DeadLetter } from '../../functions/deliver/redrive.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { sampleEvent } from '../core/webhooks/article-fixture.ts';
import { webhookMetrics } from '#infra/constructs/monitoring.ts';
import { metricsNamespace } from '#infra/constructs/syndicate-function.ts';
import { deliverMetrics } from '../../functions/deliver/metrics.ts';
import { captureEmf, enableMetricsOutput, metricValues } from './emf.ts';
import { harness } from './harness.ts';
import { useLocalServices } from '../support/services.ts';
import { startReceiver, type Receiver } from './loopback-receiver.ts';

// SQS itself is behind the DeliveryQueueControl port here: the local SQS endpoint (issue 7) is not on main yet.
beforeAll(() => useLocalServices('deliver-handler'));
const receivers: Receiver[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const sqsEvent = (messages: Array<{ id: string; body: string }>): SQSEvent =>
  ({ Records: messages.map((m) => ({ messageId: m.id, receiptHandle: `rh-${m.id}`, body: m.body })) }) as unknown as SQSEvent;

describe('deliver Lambda', () => {
  it('reports retries as batch item failures with the backoff as visibility, dead-letters the exhausted, acks the delivered', async () => {
    const h = harness({ policy: { schedule: [30] } });
    const good = await startReceiver();
    const bad = await startReceiver((_q, _i, res) => res.writeHead(500).end());
    receivers.push(good, bad);
    const okSub = (await h.subscribe({ url: good.url })).subscription;
    const badSub = (await h.subscribe({ url: bad.url })).subscription;
    const sent: DeliveryMessage[] = [];
    const both = { idsInBuckets: async () => [{ id: okSub.id, events: [] }, { id: badSub.id, events: [] }] };
    await enqueueDeliveries([sampleEvent()], { subscriptions: both, queue: { send: async (m) => void sent.push(...m) }, publicBaseUrl: 'https://x.example' });

    const visibility: Array<[string, number]> = [];
    const deadLettered: DeliveryMessage[] = [];
    const control: DeliveryQueueControl = {
      retryLater: async (rh, s) => void visibility.push([rh, s]),
      deadLetter: async (m) => void deadLettered.push(m),
    };
    const logged: string[] = [];
    enableMetricsOutput('syndicate-deliver');
    const handle = createDeliverHandler({ ...h, control, log: (event) => void logged.push(event), metrics: deliverMetrics() });
    const records = [
      { id: 'm-ok', body: encodeMessage(sent.find((m) => m.subscriptionId === okSub.id)!) },
      { id: 'm-bad', body: encodeMessage(sent.find((m) => m.subscriptionId === badSub.id)!) },
      { id: 'm-junk', body: 'not json' },
    ];
    const firstBatch = await captureEmf(async () => {
      expect(await handle(sqsEvent(records))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    });
    expect(visibility).toEqual([['rh-m-bad', 30]]);
    expect(logged.filter((e) => e === 'webhook.attempt')).toHaveLength(2);

    h.advance(30);
    const secondBatch = await captureEmf(async () => {
      expect(await handle(sqsEvent([records[1]!]))).toEqual({ batchItemFailures: [] });
    });
    expect(deadLettered.map((m) => m.subscriptionId)).toEqual([badSub.id]);
    expect(logged).toContain('webhook.dead_lettered');

    // One EMF document per batch, in the namespace, metric names and sole dimension the infra alarm reads.
    expect(firstBatch).toHaveLength(1);
    expect(secondBatch).toHaveLength(1);
    for (const document of [...firstBatch, ...secondBatch]) {
      expect(document._aws.CloudWatchMetrics).toHaveLength(1);
      expect(document._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: metricsNamespace, Dimensions: [['service']] });
      expect(document.service).toBe('syndicate-deliver');
    }
    expect(metricValues(firstBatch[0]!)).toEqual({ [webhookMetrics.delivered]: 1, [webhookMetrics.failed]: 1 });
    expect(metricValues(secondBatch[0]!)).toEqual({ [webhookMetrics.failed]: 1 });

    // Redrive: back on the queue with a new round and the same webhook-id, a full schedule again.
    const dlq: DeadLetter[] = deadLettered.map((message, i) => ({ message, receipt: `d${i}` }));
    const requeued: DeliveryMessage[] = [];
    const moved = await redrive({
      deadLetters: { receive: async (n) => dlq.splice(0, n), remove: async () => undefined },
      deliveries: h.deliveries,
      queue: { send: async (m) => void requeued.push(...m) },
      clock: h.clock,
    });
    expect(moved).toBe(1);
    expect(requeued[0]).toMatchObject({ deliveryId: deadLettered[0]!.deliveryId, round: 1 });
    expect(await h.deliveries.get(badSub.id, deadLettered[0]!.deliveryId)).toMatchObject({ status: 'pending', attempts: 0, round: 1 });
  });
});
