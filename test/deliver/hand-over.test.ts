/**
 * Handing a stream batch's events to webhook delivery: every event reaches
 * the deliveries queue or, when it cannot, the publish DLQ, alone; its
 * neighbours are never held back. Real subscription index on DynamoDB Local,
 * real SQS (the local emulator through @aws-sdk/client-sqs); the only fakes
 * are a queue wrapper that refuses one article's messages and a payload store
 * whose hand-over mark fails (a crash between queueing and marking), faults
 * the real services cannot be asked to produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue, decodeMessage } from '#adapters/delivery-queue.ts';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import { createDeliverHandler } from '../../functions/deliver/handler.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';
import { deadLetteredEventOf, SqsEventDeadLetters } from '#adapters/event-dead-letters.ts';
import type { DeliveryMessage, EventDeadLetters, FanOutQueue } from '#core/webhooks/ports.ts';
import { handOverEvents } from '../../functions/deliver/hand-over.ts';
import { redriveEvents } from '../../functions/deliver/redrive-events.ts';
import { localQueueNames } from '../../infra/local/queues.ts';
import { sampleArticle, sampleEvent, tag } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { harness } from './harness.ts';
import { startLocalQueues, type LocalQueues } from './local-queues.ts';

let queues: LocalQueues;
beforeAll(async () => {
  await useLocalServices('deliver-hand-over');
  queues = await startLocalQueues();
});
afterAll(async () => queues?.close());
const startReceiver = receiversClosedAfterEach();

const refusing = (inner: FanOutQueue, articleId: () => string | undefined): FanOutQueue => ({
  sendEach: async (messages: DeliveryMessage[]) => {
    const refused = messages.filter((m) => m.articleId === articleId());
    return [...refused, ...(await inner.sendEach(messages.filter((m) => !refused.includes(m))))];
  },
});

function drain(queue: LocalQueues['queue']): string[] {
  const bodies: string[] = [];
  for (;;) {
    const batch = queue.receive({ max: 10 });
    if (batch.length === 0) return bodies;
    for (const m of batch) {
      bodies.push(m.Body);
      queue.delete(m.ReceiptHandle);
    }
  }
}

describe('handing events over to webhook delivery', () => {
  it('queues nine ordinary events and one with a headline of tens of KB; parks the one the queue refuses in the publish DLQ', async () => {
    const h = harness();
    const unique = `handover${Date.now()}`;
    const { subscription } = await h.subscribe({ url: 'http://127.0.0.1:9/hook', tags: [unique] });
    const events = Array.from({ length: 11 }, (_, i) =>
      sampleEvent('article.published', sampleArticle({
        id: `art_${unique}_${i}`,
        tags: [tag(unique)],
        ...(i === 3 ? { headline: 'An absurdly long headline '.repeat(2000) } : {}),
      })),
    );
    const refusedId = events[7]!.article.id;
    const publishDlq = queues.sqs().byName(localQueueNames('test').publishDlq);
    const deadLetters = new SqsEventDeadLetters(queues.client, queues.sqs().urlOf(localQueueNames('test').publishDlq));
    const warnings: string[] = [];
    const queue = new SqsDeliveryQueue(queues.client, queues.queueUrl);
    const stuck = await handOverEvents(events, {
      subscriptions: h.subscriptions, queue: refusing(queue, () => refusedId), publicBaseUrl: 'https://api.example.org',
      deadLetters, warn: (m) => void warnings.push(m), retryPauseMs: 0,
    });

    expect(stuck).toEqual([]);
    const queued = drain(queues.queue).map(decodeMessage);
    expect(queued.map((m) => m.articleId).sort()).toEqual(events.map((e) => e.article.id).filter((id) => id !== refusedId).sort());
    expect(queued.every((m) => m.subscriptionId === subscription.id && Buffer.byteLength(m.body) < 20 * 1024)).toBe(true);
    expect(JSON.parse(queued.find((m) => m.articleId === events[3]!.article.id)!.body).data.truncated).toEqual(['headline']);

    const parked = drain(publishDlq);
    expect(parked).toHaveLength(1);
    expect(JSON.parse(parked[0]!)).toMatchObject({ kind: 'undelivered-event', reason: 'the deliveries queue refused its messages' });
    expect(deadLetteredEventOf(parked[0]!)).toMatchObject({ articleId: refusedId, type: 'article.published' });
    expect(warnings).toEqual(['webhook event dead-lettered to the publish DLQ']);

    // Redriven once the queue takes it: the same webhook-id the first try would have used.
    publishDlq.send(parked[0]!);
    publishDlq.send(JSON.stringify({ requestContext: { condition: 'RetryAttemptsExhausted' } }));
    const parkedSource = {
      receive: async (max: number) => publishDlq.receive({ max, visibilityTimeoutSeconds: 60 }).map((m) => ({ event: deadLetteredEventOf(m.Body), receipt: m.ReceiptHandle })),
      remove: async (receipt: string) => publishDlq.delete(receipt),
    };
    expect(await redriveEvents({ parked: parkedSource, subscriptions: h.subscriptions, queue })).toEqual({ moved: 1, republished: 0, leftInPlace: 1 });
    const redriven = drain(queues.queue).map(decodeMessage);
    expect(redriven.map((m) => m.articleId)).toEqual([refusedId]);
    expect(redriven[0]!.deliveryId).toMatch(/^msg_/);
  });

  it('returns an event that neither the queue nor the DLQ takes, so its stream record is retried', async () => {
    const h = harness();
    const unique = `stuck${Date.now()}`;
    await h.subscribe({ url: 'http://127.0.0.1:9/hook', tags: [unique] });
    const events = [0, 1].map((i) => sampleEvent('article.published', sampleArticle({ id: `art_${unique}_${i}`, tags: [tag(unique)] })));
    const broken: EventDeadLetters = { deadLetter: async (failed) => failed.map((f) => f.event) };
    const stuck = await handOverEvents(events, {
      subscriptions: h.subscriptions, queue: refusing(new SqsDeliveryQueue(queues.client, queues.queueUrl), () => events[0]!.article.id),
      publicBaseUrl: 'https://api.example.org', deadLetters: broken, warn: () => undefined, retryPauseMs: 0,
    });
    expect(stuck).toEqual([events[0]]);
    expect(drain(queues.queue).map(decodeMessage).map((m) => m.articleId)).toEqual([events[1]!.article.id]);
  });

  it('a record retried for its feeds hands its event over again: nothing more is queued, each delivery is POSTed once', async () => {
    const h = harness();
    const unique = `retried${Date.now()}`;
    const receiver = await startReceiver();
    const subscribed = await Promise.all([0, 1, 2].map(() => h.subscribe({ url: receiver.url, tags: [unique] })));
    receiver.secrets.push(...subscribed.map((s) => s.secret));
    const events = [0, 1].map((i) => sampleEvent('article.published', sampleArticle({ id: `art_${unique}_${i}`, tags: [tag(unique)] })));
    const payloads = new DynamoPayloadStore(documentClient(), tableName());
    const warnings: string[] = [];
    const deps = {
      subscriptions: h.subscriptions, queue: new SqsDeliveryQueue(queues.client, queues.queueUrl), payloads,
      publicBaseUrl: 'https://api.example.org', warn: (m: string) => void warnings.push(m), retryPauseMs: 0,
    };
    const deliverAll = async () => {
      const handle = createDeliverHandler({ ...h, control: new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl), log: () => undefined });
      const source = queues.eventSource(handle);
      while ((await source.pollOnce()) > 0);
    };

    // A crash between queueing and marking (the mark's write fails): the next try queues the event again, nothing is lost.
    const crashing = { ...deps, payloads: { put: payloads.put.bind(payloads), putIfNotHandedOver: payloads.putIfNotHandedOver.bind(payloads), markHandedOver: async () => { throw new Error('killed before the mark'); } } };
    expect(await handOverEvents(events, crashing)).toEqual([]);
    expect(warnings).toEqual(Array(2).fill('webhook event queued but not marked handed over; a retry of its record queues it again'));
    expect(queues.queue.counts().visible).toBe(6);
    expect(await handOverEvents(events, deps)).toEqual([]);
    expect(queues.queue.counts().visible).toBe(12);
    // Marked now: the record retried once more for its feeds queues nothing.
    expect(await handOverEvents(events, deps)).toEqual([]);
    expect(await handOverEvents(events, deps)).toEqual([]);
    expect(queues.queue.counts().visible).toBe(12);
    await deliverAll();
    // Every (subscriber, event) arrived, verified; the crash's copies came under the same webhook-ids.
    expect(receiver.delivered.size).toBe(6);
    expect(receiver.requests).toHaveLength(12);
    expect(receiver.requests.every((r) => r.verifiedBy.length === 1)).toBe(true);

    // A new event handed over, and its record retried twice: three POSTs, one per subscriber.
    const fresh = [sampleEvent('article.updated', sampleArticle({ id: `art_${unique}_fresh`, tags: [tag(unique)], version: 2 }))];
    for (let i = 0; i < 3; i++) expect(await handOverEvents(fresh, deps)).toEqual([]);
    expect(queues.queue.counts().visible).toBe(3);
    await deliverAll();
    expect(receiver.requests).toHaveLength(15);
    expect(receiver.delivered.size).toBe(9);
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});
