import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, heldBackOrigin, MAX_DELAY_SECONDS, MAX_VISIBILITY_SECONDS, SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { sqsEventOf } from '../../infra/local/sqs/event-source.ts';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { startLocalQueues, type LocalQueues } from '../deliver/local-queues.ts';

let now = Date.parse('2025-03-03T08:00:00Z');
let queues: LocalQueues;
beforeAll(async () => {
  queues = await startLocalQueues({ clock: () => now });
});
afterAll(async () => queues?.close());

const message = (n: number): DeliveryMessage => ({
  subscriptionId: `sub_${n}`,
  deliveryId: `msg_${n}`,
  eventType: 'article.published',
  articleId: 'art_1',
  body: JSON.stringify({ type: 'article.published', n }),
  round: 0,
});

const receiveAll = (queue: LocalQueues['queue']) => {
  const all = [];
  for (let batch = queue.receive({ max: 10 }); batch.length > 0; batch = queue.receive({ max: 10 })) all.push(...batch);
  return all;
};

describe('SqsDeliveryQueue on the local SQS endpoint', () => {
  it('sends a fan-out in batches of ten, every message intact', async () => {
    const adapter = new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl);
    const sent = Array.from({ length: 25 }, (_, i) => message(i));
    await adapter.send(sent);
    const received = receiveAll(queues.queue);
    expect(received.map((r) => decodeMessage(r.Body)).sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId))).toEqual(
      [...sent].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    );
    for (const r of received) queues.queue.delete(r.ReceiptHandle);
  });

  it('holds a message back as a fresh copy (receive count from zero, delay capped at 15 min) that carries its origin', async () => {
    const adapter = new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl);
    await adapter.holdBack(message(3), 30, { sentAt: 1_740_000_000_000, mayHaveBeenAttempted: true });
    await adapter.holdBack(message(4), 3600, { mayHaveBeenAttempted: false });
    now += 29_000;
    expect(queues.queue.receive({ max: 10 })).toEqual([]);
    now += 1_000;
    const [copy] = queues.queue.receive({ max: 10 });
    expect(decodeMessage(copy!.Body)).toEqual(message(3));
    expect(copy!.Attributes.ApproximateReceiveCount).toBe('1');
    const [record] = sqsEventOf(queues.queue, [copy!]).Records;
    expect(heldBackOrigin(record!.messageAttributes)).toEqual({ sentAt: 1_740_000_000_000, mayHaveBeenAttempted: true });
    queues.queue.delete(copy!.ReceiptHandle);
    now += (MAX_DELAY_SECONDS - 30) * 1000;
    const [later] = queues.queue.receive({ max: 10 });
    expect(heldBackOrigin(sqsEventOf(queues.queue, [later!]).Records[0]!.messageAttributes)).toEqual({ sentAt: undefined, mayHaveBeenAttempted: false });
    queues.queue.delete(later!.ReceiptHandle);
    // A message queued by the fan-out has no origin.
    expect(heldBackOrigin({})).toBeUndefined();
  });

  it('hides a message for the backoff, capped at SQS’s 12 hours, and hands it back after', async () => {
    const adapter = new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl);
    await adapter.send([message(1), message(2)]);
    const [first, second] = queues.queue.receive({ max: 10 });
    await adapter.retryLater(first!.ReceiptHandle, 300);
    await adapter.retryLater(second!.ReceiptHandle, 3 * 86_400);

    now += 299_000;
    expect(queues.queue.receive({ max: 10 })).toEqual([]);
    now += 1_000;
    const again = queues.queue.receive({ max: 10 });
    expect(again.map((r) => r.MessageId)).toEqual([first!.MessageId]);
    queues.queue.delete(again[0]!.ReceiptHandle);
    now += (MAX_VISIBILITY_SECONDS - 300) * 1000 - 1_000;
    expect(queues.queue.receive({ max: 10 })).toEqual([]);
    now += 1_000;
    const last = queues.queue.receive({ max: 10 });
    expect(last.map((r) => r.MessageId)).toEqual([second!.MessageId]);
    queues.queue.delete(last[0]!.ReceiptHandle);
  });

  it('moves an exhausted delivery to the DLQ with the reason, and says so when no DLQ is configured', async () => {
    await new SqsDeliveryQueue(queues.client, queues.queueUrl, queues.dlqUrl).deadLetter(message(7), 'HTTP 500 after 10 attempts');
    const [dead] = queues.dlq.receive({ max: 10 });
    expect(decodeMessage(dead!.Body)).toEqual(message(7));
    expect(dead!.MessageAttributes).toEqual({ reason: { DataType: 'String', StringValue: 'HTTP 500 after 10 attempts' } });
    queues.dlq.delete(dead!.ReceiptHandle);

    await expect(new SqsDeliveryQueue(queues.client, queues.queueUrl).deadLetter(message(8), 'x')).rejects.toThrow(
      'no dead-letter queue configured (DELIVERIES_DLQ_URL)',
    );
  });
});
