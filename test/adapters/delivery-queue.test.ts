import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, MAX_VISIBILITY_SECONDS, SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
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
