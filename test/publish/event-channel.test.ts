/**
 * The event pull channel end to end on DynamoDB Local: the publish function appends what the stream
 * says happened, and `GET /events` (the real ingest handler) hands it out.
 * - publish, update and withdraw an article: three events, numbered 1, 2, 3, in that order, each
 *   carrying the webhook body; paging with the cursor and resuming from one lose and repeat nothing;
 * - the same stream batch processed again (Lambda retries a batch) appends nothing; a publish whose
 *   append failed reports its record for retry, and the retry appends it once;
 * - concurrent appends from several publishers give dense numbers, each event exactly once, and a reader
 *   walking the channel meanwhile sees every one once, in order;
 * - an entry keeps its event Brotli-packed within 1 KB (the reference article's), read back as appended;
 *   a page stops before a number that is still on its way, and passes one that has expired (an entry of
 *   the plain shape written before packing);
 * - filters, ETag/304, long poll, and a specific 4xx for every malformed query or wrong key.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { marshall } from '@aws-sdk/util-dynamodb';
import { itemSize } from '../../bench/cost/meter.ts';
import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventLog, SETTLE_MS, type EventToAppend } from '../../functions/adapters/event-log.ts';
import { eventLogEntryKey } from '../../functions/adapters/keys.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { documentClient } from '../../functions/commons/clients/dynamodb.ts';
import { eventToAppend } from '../../functions/publish/event-channel.ts';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import { pullEvents } from '../../functions/ingest/pull-events.ts';
import { makeArticle, referenceArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { apiEvent } from '../ingest/api-event.ts';
import { failNthCall } from '../support/faults.ts';
import { useLocalServices } from '../support/services.ts';
import { articleWriter } from './stream-events.ts';

const services = await useLocalServices('event-channel');
const ADMIN = 'event-channel-admin-key';
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000' };
Object.assign(process.env, { FEEDS_BASE_URL: env.FEEDS_BASE_URL, PUBLIC_BASE_URL: env.PUBLIC_BASE_URL, SYNDICATE_ADMIN_KEY: ADMIN });
const write = articleWriter(services);
const publish = composePublish(env, async () => {});
const { createIngestHandler } = await import('../../functions/ingest/handler.ts');
const { ingestDependencies } = await import('../../functions/ingest/composition.ts');
const ingest = createIngestHandler(() => ingestDependencies());

const pull = async (query: Record<string, string> = {}, key: string | undefined = ADMIN, headers: Record<string, string> = {}) => {
  const res = await ingest(apiEvent('GET', '/events', { ...(key ? { key } : {}), query, headers }));
  return { status: res.statusCode, headers: res.headers ?? {}, body: res.body ? JSON.parse(res.body) : undefined };
};

const original = makeArticle({ id: 'art-events-1', tags: tagsFor(['syria', 'raqqa']), publishedAt: '2024-05-01T08:00:00.000Z', updatedAt: '2024-05-01T08:00:00.000Z' });
const corrected: Article = { ...original, version: 2, headline: 'Corrected headline', updatedAt: '2024-05-01T09:00:00.000Z' };
const withdrawn: Article = { ...corrected, status: 'withdrawn', withdrawnAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z' };

describe('GET /events after publish, update and withdrawal', () => {
  let cursors: string[] = [];

  beforeAll(async () => {
    for (const state of [original, corrected]) expect((await handleStreamEvent(await write(state), publish)).batchItemFailures).toEqual([]);
    // The withdrawal's first publish fails to append (a throttle); Lambda retries the record, which appends it once.
    const batch = await write(withdrawn);
    const restore = failNthCall(documentClient(), /TransactWrite/, 1);
    const first = await handleStreamEvent(batch, publish);
    restore();
    expect(first.batchItemFailures).toHaveLength(1);
    expect((await handleStreamEvent(batch, publish)).batchItemFailures).toEqual([]);
    // And the whole batch processed yet again (a retry after a timeout) adds nothing.
    await handleStreamEvent(batch, publish);
  });

  it('returns the three events in order, numbered without gaps, each with its webhook body', async () => {
    const { status, body } = await pull();
    expect(status).toBe(200);
    expect(body.events.map((e: { sequence: number; type: string }) => [e.sequence, e.type])).toEqual([
      [1, 'article.published'],
      [2, 'article.updated'],
      [3, 'article.withdrawn'],
    ]);
    const expected = [original, corrected, withdrawn].map((a, i) =>
      eventToAppend({ type: body.events[i].type, article: a, occurredAt: a.withdrawnAt ?? a.updatedAt }, env.PUBLIC_BASE_URL),
    );
    expect(body.events.map((e: { payload: unknown }) => e.payload)).toEqual(expected.map((e) => JSON.parse(e.body)));
    expect(new Set(body.events.map((e: { id: string }) => e.id)).size).toBe(3);
    expect(body.events[2]).toMatchObject({ articleId: original.id, occurredAt: '2024-05-01T10:00:00.000Z' });
    cursors = body.events.map((e: { cursor: string }) => e.cursor);
    expect(body.nextCursor).toBe(cursors[2]);
  });

  it('pages one at a time with nextCursor, and resumes from any cursor', async () => {
    let after: string | undefined;
    const seen: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { body } = await pull({ limit: '1', ...(after ? { after } : {}) });
      seen.push(...body.events.map((e: { sequence: number }) => e.sequence));
      after = body.nextCursor;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect((await pull({ since: cursors[1]! })).body.events.map((e: { type: string }) => e.type)).toEqual(['article.withdrawn']);
    const atEnd = await pull({ after: cursors[2]! });
    expect(atEnd.body).toEqual({ events: [], nextCursor: cursors[2] });
  });

  it('filters by type and tag, and moves the cursor past what it left out', async () => {
    const kills = await pull({ type: 'article.withdrawn' });
    expect(kills.body.events.map((e: { sequence: number }) => e.sequence)).toEqual([3]);
    expect(kills.body.nextCursor).toBe(cursors[2]);
    expect((await pull({ tag: 'raqqa' })).body.events).toHaveLength(3);
    expect((await pull({ tag: 'mosul' })).body).toEqual({ events: [], nextCursor: cursors[2] });
  });

  it('answers 304 to a poller that sends back the ETag while nothing is new', async () => {
    const first = await pull({ after: cursors[2]! });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await pull({ after: cursors[2]! }, ADMIN, { 'if-none-match': etag })).status).toBe(304);
    expect((await pull({}, ADMIN, { 'if-none-match': etag })).status).toBe(200);
  });

  it('refuses malformed queries and keys that may not read it, each with a specific 4xx', async () => {
    const code = async (query: Record<string, string>, key?: string) => {
      const r = await pull(query, key);
      return [r.status, r.body?.error?.code];
    };
    const queries: Record<string, string>[] = [{ after: 'garbage' }, { after: Buffer.from('e-1').toString('base64url') }, { limit: '0' }, { limit: '101' }, { limit: '1.5' }, { type: 'article.deleted' }, { tag: 'Not A Tag' }, { wait: '21' }, { after: cursors[0]!, since: cursors[1]! }];
    for (const query of queries) {
      expect([query, await code(query)]).toEqual([query, [400, 'invalid_request']]);
    }
    expect(await code({}, 'not-a-key')).toEqual([401, 'unauthorized']);
    const registered = await ingest(apiEvent('POST', '/publishers', { key: ADMIN, contentType: 'application/json', body: JSON.stringify({ id: 'events-wire', name: 'Events Wire' }) }));
    expect(await code({}, JSON.parse(registered.body!).apiKey)).toEqual([403, 'forbidden']);
  });
});

describe('appending', () => {
  const log = new DynamoEventLog(services.documents, services.tableName);
  const event = (n: number): EventToAppend => ({ id: `evt_concurrent_${n}`, type: 'article.published', articleId: `art-c-${n}`, occurredAt: '2024-05-02T08:00:00.000Z', tags: [], body: '{}' });

  it('gives concurrent publishers dense numbers, each event once, even when they append the same events', async () => {
    const before = (await log.read(0, 100)).last;
    const batches = [0, 1, 2, 3, 4].map((b) => [1, 2, 3, 4, 5, 6].map((i) => event(b * 6 + i)));
    // Five publishers at once, two of them also retrying another's batch.
    await Promise.all([...batches, batches[0]!, batches[3]!].map((batch) => log.append(batch)));
    const { events, last } = await log.read(before, 100);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => before + 1 + i));
    expect(new Set(events.map((e) => e.id)).size).toBe(30);
    expect(last).toBe(before + 30);
    expect(await log.append(batches[2]!)).toBe(0);
  });

  it('a reader walking the channel while publishers append gets every event exactly once, in order', async () => {
    const start = (await log.read(0, 100)).last;
    const batches = [0, 1, 2, 3].map((b) => [1, 2, 3, 4, 5].map((i) => ({ ...event(100 + b * 5 + i), id: `evt_walk_${b}_${i}` })));
    const seen: number[] = [];
    const ids: string[] = [];
    let after = start;
    const walk = async () => {
      while (ids.length < 20) {
        const page = await log.read(after, 3);
        seen.push(...page.events.map((e) => e.sequence));
        ids.push(...page.events.map((e) => e.id));
        after = page.last;
      }
    };
    await Promise.all([walk(), ...batches.map((batch) => log.append(batch)), log.append(batches[1]!)]);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    expect(new Set(ids)).toEqual(new Set(batches.flat().map((e) => e.id)));
  });

  it('keeps an entry packed within 1 KB (the reference article, the largest of the mix), read back exactly as appended', async () => {
    const appended = eventToAppend({ type: 'article.published', article: referenceArticle(), occurredAt: '2024-05-03T08:00:00.000Z' }, env.PUBLIC_BASE_URL);
    const { last } = await log.read(0, 100);
    expect(await log.append([appended])).toBe(1);
    const { Item } = await services.dynamoDb.send(new GetItemCommand({ TableName: services.tableName, Key: marshall(eventLogEntryKey(last + 1)), ConsistentRead: true }));
    // A transaction's write costs 2 units per KB of each item, rounded up: unpacked, this entry took 4 KB.
    expect(Item?.packed?.B).toBeDefined();
    expect(Item).not.toHaveProperty('body');
    expect(itemSize(Item!)).toBeLessThanOrEqual(1024);
    expect((await log.read(last, 10)).events).toEqual([{ ...appended, sequence: last + 1, appendedAt: expect.any(String) }]);
  });

  it('stops before a number still on its way, and passes one that expired', async () => {
    const { last } = await log.read(0, 100);
    const now = Date.now();
    // Number last + 2 is visible before last + 1 (a reader may see a transaction's items a moment apart).
    await services.documents.send(new PutCommand({ TableName: services.tableName, Item: { ...eventLogEntryKey(last + 2), ...event(99), sequence: last + 2, appendedAt: new Date(now).toISOString() } }));
    expect(await log.read(last, 10)).toEqual({ events: [], last });
    const later = new DynamoEventLog(services.documents, services.tableName, () => now + SETTLE_MS + 1);
    expect((await later.read(last, 10)).events.map((e) => e.sequence)).toEqual([last + 2]);
  });
});

describe('long poll', () => {
  it('looks again each second while nothing is new, up to wait seconds', async () => {
    const logged = { id: 'evt_x', type: 'article.published', articleId: 'a', occurredAt: '2024-05-01T08:00:00.000Z', tags: [], body: '{"type":"article.published"}', sequence: 8, appendedAt: '2024-05-01T08:00:00.000Z' };
    const pages = [{ events: [], last: 7 }, { events: [], last: 7 }, { events: [logged], last: 8 }];
    const slept: number[] = [];
    const reader = { read: async () => pages.shift()! };
    const after = Buffer.from('e7').toString('base64url');
    const page = await pullEvents(reader, { after, wait: '5' }, async (ms) => void slept.push(ms));
    expect(page.events.map((e) => e.sequence)).toEqual([8]);
    expect(slept).toEqual([1000, 1000]);
  });
});
