/**
 * Isolation through the real deliver handler (createDeliverHandler, the local
 * SQS emulator, DynamoDB Local, loopback receivers), not only in the core:
 * - an endpoint that accepts and never answers holds at most its in-flight
 *   share of a batch, and a healthy endpoint's deliveries in the same batch
 *   arrive while those requests are still hanging;
 * - an endpoint that keeps failing has its circuit opened: its messages stay
 *   queued without attempts (not dropped, not dead-lettered), the open state
 *   is stored on the subscription so another container holds it back too, the
 *   operator is told; once it recovers a probe closes the circuit and every
 *   message is delivered.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { CircuitBreakers, InFlightLimit } from '#core/webhooks/circuit-breaker.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { parseRetrySchedule } from '#core/webhooks/retry-policy.ts';
import { deliveriesMaxReceiveCount } from '../../infra/deliveries-redrive.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { createDeliverHandler } from '../../functions/deliver/handler.ts';
import type { OperatorNotice } from '../../functions/deliver/notices.ts';
import { sampleArticle, sampleEvent } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { harness, type Harness } from './harness.ts';
import { startLocalQueues, type LocalQueues } from './local-queues.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';

let clock: () => number = Date.now;
let queues: LocalQueues;
beforeAll(async () => {
  await useLocalServices('deliver-isolation');
  queues = await startLocalQueues({ clock: () => clock(), schedule: [300] });
});
afterAll(async () => queues?.close());
// A test that failed half-way leaves nothing for the next one.
afterEach(() => void queues.queue.drain());
const startReceiver = receiversClosedAfterEach();

/** Queues one message per (event, subscription), in this order: events[i] goes to subscriptionIds[i]. */
async function enqueue(queue: SqsDeliveryQueue, subscriptionIds: string[]): Promise<DeliveryMessage[]> {
  const sent: DeliveryMessage[] = [];
  for (const [i, id] of subscriptionIds.entries()) {
    const event = sampleEvent('article.published', sampleArticle({ id: `art_iso_${Date.now()}_${i}` }));
    const { messages } = await enqueueDeliveries([event], {
      subscriptions: { idsInBuckets: async () => [{ id, events: [], bucket: '*' }] },
      queue,
      publicBaseUrl: 'https://api.example.org',
    });
    sent.push(...messages);
  }
  return sent;
}

async function eventually(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

function handlerFor(h: Harness, options: { inFlight: number; notices?: OperatorNotice[] }) {
  const queue = new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl);
  const inFlight = new InFlightLimit(options.inFlight);
  const handle = createDeliverHandler({
    ...h,
    control: queue,
    log: () => undefined,
    breakers: new CircuitBreakers({ failureThreshold: 5, openSeconds: 30 }, () => h.clock().getTime()),
    inFlight,
    notify: async (n) => void options.notices?.push(n),
  });
  return { queue, inFlight, source: queues.eventSource(handle) };
}

describe('the deliver handler keeps endpoints apart', () => {
  it('a hanging endpoint holds only its in-flight share of a batch; the healthy endpoint in the same batch is delivered meanwhile', async () => {
    // A long response deadline: the hanging requests stay open until the test answers them.
    const h = harness({ timeoutMs: 60_000 });
    clock = () => h.clock().getTime();
    const hung: ServerResponse[] = [];
    const hanging = await startReceiver((_q, _i, res) => void hung.push(res));
    const healthy = await startReceiver();
    const slow = await h.subscribe({ url: hanging.url });
    const fine = await h.subscribe({ url: healthy.url });
    healthy.secrets.push(fine.secret);
    const { queue, source } = handlerFor(h, { inFlight: 3 });
    // One batch of ten: eight for the hanging endpoint, then two for the healthy one.
    const sent = await enqueue(queue, [...Array(8).fill(slow.subscription.id), fine.subscription.id, fine.subscription.id]);
    expect(sent).toHaveLength(10);

    let batchDone = false;
    const batch = source.pollOnce().then((n) => {
      batchDone = true;
      return n;
    });
    await eventually('both healthy deliveries and three hanging requests', () => healthy.delivered.size === 2 && hung.length === 3);
    // Delivered while the batch is still held open by three unanswered requests, and only three.
    expect(batchDone).toBe(false);
    expect(hanging.requests).toHaveLength(3);
    expect(hung).toHaveLength(3);

    for (const res of hung.splice(0)) res.writeHead(204).end();
    expect(await batch).toBe(10);
    // The five held back were not attempted and not dropped: they wait in the queue for a later batch, as fresh copies.
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 5 });
    expect(hanging.requests).toHaveLength(3);
    const records = await Promise.all(sent.slice(0, 8).map((m) => h.deliveries.get(m.subscriptionId, m.deliveryId, {})));
    expect(records.filter((r) => r === undefined)).toHaveLength(5);

    // Later batches take the rest, three at a time.
    for (const [count, attempted] of [[5, 3], [2, 2]] as const) {
      h.advance(2);
      const next = source.pollOnce();
      await eventually(`${attempted} more hanging requests`, () => hung.length === attempted);
      for (const res of hung.splice(0)) res.writeHead(204).end();
      expect(await next).toBe(count);
    }
    expect(hanging.requests).toHaveLength(8);
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('a failing endpoint: its circuit opens, its messages wait unattempted (shared with other containers), a probe closes it and all arrive', async () => {
    const h = harness({ policy: { schedule: parseRetrySchedule('1,1,1,1,1,1,1,1,1,1') } });
    clock = () => h.clock().getTime();
    let recovered = false;
    const failing = await startReceiver((_q, _i, res) => res.writeHead(recovered ? 204 : 500).end());
    const { subscription, secret } = await h.subscribe({ url: failing.url });
    failing.secrets.push(secret);
    const notices: OperatorNotice[] = [];
    const { queue, source } = handlerFor(h, { inFlight: 3, notices });
    const sent = await enqueue(queue, Array(8).fill(subscription.id));
    const poll = async () => {
      h.advance(2);
      return source.pollOnce();
    };

    await source.pollOnce(); // three attempts, five held back by the in-flight limit
    await poll(); // three more: the fifth failure in a row opens the circuit
    expect(failing.requests).toHaveLength(6);
    expect(notices).toEqual([expect.objectContaining({ kind: 'circuit.opened', subscriptionId: subscription.id, lastError: 'HTTP 500' })]);
    const stored = await h.subscriptions.get(subscription.id);
    expect(stored?.circuit).toMatchObject({ state: 'open', lastError: 'HTTP 500' });

    // Open: every message comes back and is held again without an attempt; none is dropped or dead-lettered.
    expect(await poll()).toBe(8);
    expect(failing.requests).toHaveLength(6);
    expect(queues.queue.counts()).toMatchObject({ delayed: 8 });
    expect(queues.dlq.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });

    // Another container, whose own breaker saw nothing, reads the open circuit off the subscription.
    const other = handlerFor(h, { inFlight: 3 });
    sent.push(...(await enqueue(queue, [subscription.id])));
    expect(await other.source.pollOnce()).toBe(1);
    expect(failing.requests).toHaveLength(6);
    expect(queues.queue.counts()).toMatchObject({ delayed: 9 });

    // After the open period one probe goes through; it succeeds, the circuit closes (and is cleared), the rest follow.
    recovered = true;
    h.advance(30);
    for (let i = 0; i < 10 && failing.delivered.size < 9; i++) await poll();
    expect(failing.delivered.size).toBe(9);
    expect(new Set(failing.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(sent.map((m) => m.deliveryId)));
    expect((await h.subscriptions.get(subscription.id))?.circuit).toBeUndefined();
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('a message held back for more receives than the queue allows is never dead-lettered unattempted: it is delivered once its endpoint has room', async () => {
    const h = harness();
    clock = () => h.clock().getTime();
    const busy = await startReceiver();
    const { subscription, secret } = await h.subscribe({ url: busy.url });
    busy.secrets.push(secret);
    const { queue, inFlight, source } = handlerFor(h, { inFlight: 3 });
    // The endpoint's three slots stay taken (a backlog of slow answers elsewhere in the container).
    for (let i = 0; i < 3; i++) expect(inFlight.tryAcquire(subscription.id)).toBe(true);
    const [message] = await enqueue(queue, [subscription.id]);

    // Held back more times than the redrive policy's maxReceiveCount (schedule [300]: 12).
    const holds = deliveriesMaxReceiveCount([300]) + 3;
    for (let i = 0; i < holds; i++) {
      h.advance(3);
      expect(await source.pollOnce()).toBe(1);
    }
    expect(busy.requests).toHaveLength(0);
    expect(queues.dlq.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });

    for (let i = 0; i < 3; i++) inFlight.release(subscription.id);
    h.advance(3);
    expect(await source.pollOnce()).toBe(1);
    expect(busy.requests.map((r) => r.headers['webhook-id'])).toEqual([message!.deliveryId]);
    expect(queues.queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});
