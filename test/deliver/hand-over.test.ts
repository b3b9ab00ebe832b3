/**
 * Handing a stream batch's events to webhook delivery: every event reaches
 * the deliveries queue or, when it cannot, the publish DLQ, alone; its
 * neighbours are never held back. Real subscription index on DynamoDB Local,
 * real SQS (the local emulator through @aws-sdk/client-sqs); the only fake is
 * a queue wrapper that refuses one article's messages, a fault SQS cannot be
 * asked to produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue, decodeMessage } from '#adapters/delivery-queue.ts';
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
});
