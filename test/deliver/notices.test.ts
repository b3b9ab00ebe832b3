/**
 * Operators hear about trouble: a disabled endpoint sends a notice carrying
 * the subscription, the reason and the last error, to the log and to the
 * operator's webhook URL (a real loopback server here), and to the alarm
 * topic through the signed SNS Publish (a loopback server answering SNS's
 * Publish stands in for SNS; test/commons/clients/sns.test.ts holds its wire form).
 */
import { SignedRequests } from '#commons/clients/signed-requests.ts';
import { SnsTopics } from '#commons/clients/sns.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishToTopic } from '#adapters/notice-topic.ts';
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
    const sns = await receiver((_q, _i, res) =>
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>'));
    const client = new SnsTopics(new SignedRequests({ service: 'sns', endpoint: sns.url, region: 'us-east-1', credentials: async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }) }));
    const topicArn = 'arn:aws:sns:us-east-1:111111111111:qa-syndicate-alarms';
    const notify = operatorNotices({ warn: (m, f) => void logged.push([m, f]), webhookUrl: operator.url, topic: publishToTopic(client, topicArn) });
    expect(await deliverOne(sent[0]!, { ...h, notify })).toEqual({ kind: 'done', reason: 'endpoint answered 410 Gone' });

    const expected = { kind: 'endpoint.disabled', subscriptionId: subscription.id, reason: 'endpoint answered 410 Gone', lastError: 'HTTP 410' };
    expect(logged).toEqual([['operator.notice', expect.objectContaining(expected)]]);
    expect(operator.requests).toHaveLength(1);
    expect(JSON.parse(operator.requests[0]!.body)).toMatchObject({ type: 'operator.endpoint.disabled', ...expected });
    // The alarm topic's message carries the same details; the subject names what happened and to whom.
    expect(sns.requests).toHaveLength(1);
    const publish = new URLSearchParams(sns.requests[0]!.body);
    expect(publish.get('Action')).toBe('Publish');
    expect(publish.get('TopicArn')).toBe(topicArn);
    expect(publish.get('Subject')).toBe(`Webhook endpoint disabled: ${subscription.id}`);
    expect(JSON.parse(publish.get('Message')!)).toMatchObject({ type: 'operator.endpoint.disabled', ...expected });
  });
});
