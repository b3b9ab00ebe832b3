/**
 * Operators hear about trouble: a disabled endpoint sends a notice carrying
 * the subscription, the reason and the last error, to the log and to the
 * operator's webhook URL (a real loopback server here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryMessage } from '#core/webhooks/ports.ts';
import { deliverOne } from '../../functions/deliver/deliver-one.ts';
import { enqueueDeliveries } from '../../functions/deliver/enqueue.ts';
import { operatorNotices } from '../../functions/deliver/notices.ts';
import { sampleEvent } from '../core/webhooks/article-fixture.ts';
import { useLocalServices } from '../support/services.ts';
import { harness } from './harness.ts';
import { receiversClosedAfterEach } from './loopback-receiver.ts';

beforeAll(() => useLocalServices('deliver-notices'));
const receiver = receiversClosedAfterEach();

describe('operator notices', () => {
  it('tells the log and the operator webhook when a 410 disables an endpoint', async () => {
    const h = harness();
    const partner = await receiver((_q, _i, res) => res.writeHead(410).end());
    const operator = await receiver();
    const { subscription } = await h.subscribe({ url: partner.url });
    const sent: DeliveryMessage[] = [];
    await enqueueDeliveries([sampleEvent()], {
      subscriptions: { idsInBuckets: async () => [{ id: subscription.id, events: [], bucket: '*' }] },
      queue: { sendEach: async (m) => { sent.push(...m); return []; } },
      publicBaseUrl: 'https://api.example.org',
    });
    const logged: Array<[string, Record<string, unknown>]> = [];
    const notify = operatorNotices({ warn: (m, f) => void logged.push([m, f]), webhookUrl: operator.url });
    expect(await deliverOne(sent[0]!, { ...h, notify })).toEqual({ kind: 'done', reason: 'endpoint answered 410 Gone' });

    const expected = { kind: 'endpoint.disabled', subscriptionId: subscription.id, reason: 'endpoint answered 410 Gone', lastError: 'HTTP 410' };
    expect(logged).toEqual([['operator.notice', expect.objectContaining(expected)]]);
    expect(operator.requests).toHaveLength(1);
    expect(JSON.parse(operator.requests[0]!.body)).toMatchObject({ type: 'operator.endpoint.disabled', ...expected });
  });
});
