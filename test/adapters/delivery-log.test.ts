/**
 * The delivery log's first-delivery entry on DynamoDB Local: stored without what its key and its event key
 * already say (first-delivery-item.ts), and read back whole by every reader (the log page and its filters,
 * the stats read, the replay listing, the search by webhook-id), the same as an entry written before in
 * the shape that carried every field, which stays in the table for its 30 days.
 */
import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoDeliveryLog } from '#adapters/delivery-log.ts';
import { attemptKey } from '#adapters/keys.ts';
import type { AttemptRecord } from '#core/webhooks/ports.ts';
import { webhookIdOfKey } from '#core/webhooks/webhook-id.ts';
import { itemSize } from '../../bench/cost/meter.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('delivery-log');
const documents = services.documents;
const log = new DynamoDeliveryLog(documents, services.tableName);

let n = 0;
/** A delivered first attempt and its event key, as deliver-one.ts writes them. */
function firstAttempt(subscriptionId: string, at: string, type: 'article.published' | 'article.updated' = 'article.published', response = '') {
  const articleId = `art_LOG${String(++n).padStart(17, '0')}`;
  const eventKey = `${articleId}|${type}|v1|2026-12-01T18:00:00.000Z`;
  const attempt: AttemptRecord = {
    subscriptionId, deliveryId: webhookIdOfKey(subscriptionId, eventKey), eventType: type, articleId,
    round: 0, attempt: 1, at, status: 204, durationMs: 37, response, outcome: 'delivered',
  };
  return { attempt, eventKey };
}

/** The shape the log wrote before: every field of the attempt on the item. */
async function writeOldShape(first: { attempt: AttemptRecord; eventKey: string }): Promise<void> {
  const a = first.attempt;
  await documents.send(new PutCommand({
    TableName: services.tableName,
    Item: { ...attemptKey(a.subscriptionId, a.at, a.deliveryId, 1), kind: 'first', ...a, expiresAt: Math.floor(Date.parse(a.at) / 1000) + 30 * 86_400, eventKey: first.eventKey },
  }));
}

const stored = async (subscriptionId: string) => (await services.scanAll()).filter((i) => i.pk === `SUBSCRIPTION#${subscriptionId}`);

describe('first-delivery entries in the delivery log', () => {
  it('are stored without the fields their key and event key say, about 40% smaller, and read back whole', async () => {
    const sub = `sub_${'0123456789abcdef'.repeat(2)}`; // as the API makes them: 32 hex digits
    const first = firstAttempt(sub, '2026-12-01T18:00:01.000Z');
    await log.logEntries([], [first]);
    const [item] = await stored(sub);
    expect(Object.keys(item!).sort()).toEqual(['deliveryId', 'durationMs', 'eventKey', 'expiresAt', 'kind', 'pk', 'sk', 'status']);
    const whole = marshall({ ...item, subscriptionId: sub, articleId: first.attempt.articleId, eventType: first.attempt.eventType, round: 0, attempt: 1, at: first.attempt.at, response: '', outcome: 'delivered' });
    const slim = itemSize(marshall(item!));
    expect(slim).toBeLessThan(300);
    expect(slim / itemSize(whole)).toBeLessThan(0.65);
    expect((await log.attempts(sub, { limit: 10 })).items).toEqual([first.attempt]);
  });

  it('read the same whether written now or in the shape before, through every reader of the log', async () => {
    const sub = `sub_mixed_${process.pid}_${Date.now()}`;
    const before = firstAttempt(sub, '2026-12-01T18:00:01.000Z');
    const now = firstAttempt(sub, '2026-12-01T18:00:02.000Z', 'article.updated', '{"ok":true}');
    await writeOldShape(before);
    await log.logEntries([], [now]);
    const retry: AttemptRecord = { ...firstAttempt(sub, '2026-12-01T18:00:03.000Z').attempt, status: 503, response: 'busy', error: 'HTTP 503', outcome: 'retry' };
    await log.logAttempt(retry);

    expect((await log.attempts(sub, { limit: 10 })).items).toEqual([retry, now.attempt, before.attempt]);
    expect((await log.attempts(sub, { limit: 10, filter: { status: 'delivered' } })).items).toEqual([now.attempt, before.attempt]);
    expect((await log.attempts(sub, { limit: 10, filter: { status: 'failed' } })).items).toEqual([retry]);
    expect((await log.attempts(sub, { limit: 10, filter: { eventType: 'article.updated' } })).items).toEqual([now.attempt]);
    expect((await log.attempts(sub, { limit: 10, filter: { eventType: 'article.published', status: 'delivered' } })).items).toEqual([before.attempt]);

    const stats = await log.attemptsBetween(sub, '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', 10);
    expect(stats.items.map((a) => [a.at, a.outcome, a.deliveryId, a.status, a.durationMs])).toEqual(
      [retry, now.attempt, before.attempt].map((a) => [a.at, a.outcome, a.deliveryId, a.status, a.durationMs]));

    const record = (f: typeof before) => ({
      subscriptionId: sub, deliveryId: f.attempt.deliveryId, eventType: f.attempt.eventType, articleId: f.attempt.articleId, eventKey: f.eventKey,
      round: 0, status: 'delivered', attempts: 1, createdAt: f.attempt.at, updatedAt: f.attempt.at,
    });
    const since = await log.deliveriesSince(sub, '2026-12-01T00:00:00.000Z');
    expect(since.filter((d) => d.status === 'delivered')).toEqual([record(before), record(now)]);
    for (const f of [before, now]) expect(await log.get(sub, f.attempt.deliveryId, { from: '2026-12-01T00:00:00.000Z' })).toEqual(record(f));
  });

  it('keep a field the reader could not derive (an entry from a message without its event key)', async () => {
    const sub = `sub_nokey_${process.pid}_${Date.now()}`;
    const { attempt } = firstAttempt(sub, '2026-12-01T18:00:04.000Z');
    await log.logEntries([], [{ attempt }]);
    const [item] = await stored(sub);
    expect(item).toMatchObject({ articleId: attempt.articleId, eventType: attempt.eventType });
    expect(item).not.toHaveProperty('subscriptionId');
    expect((await log.attempts(sub, { limit: 10, filter: { eventType: 'article.published' } })).items).toEqual([attempt]);
  });
});
