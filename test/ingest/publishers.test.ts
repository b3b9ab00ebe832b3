/**
 * `GET /publishers`: the directory every publisher write keeps (adapters/publisher-directory.ts), read
 * by the admin only, a page at a time, never showing a key or its hash.
 */
import { describe, expect, it } from 'vitest';
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { DynamoPartnerRepository } from '#adapters/partner-repository.ts';
import { encodeCursor } from '#adapters/cursor.ts';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, post, snapshot, adminKey, services } = await ingestHarness('publishers');

interface Listed {
  id: string;
  name: string;
  createdAt: string;
  status: string;
  keyId?: string;
  keyIssuedAt?: string;
}
type Page = { publishers: Listed[]; cursor?: string };

const register = async (id: string, name: string) => {
  const answer = await handler(apiEvent('POST', '/publishers', { key: adminKey, contentType: 'application/json', body: JSON.stringify({ id, name }) }));
  expect(answer.statusCode, answer.body).toBe(201);
  return bodyOf<{ apiKey: string }>(answer).apiKey;
};
/** `key: null` sends no Authorization header. */
const list = (query?: Record<string, string>, key: string | null = adminKey) =>
  handler(apiEvent('GET', '/publishers', { ...(key !== null ? { key } : {}), ...(query ? { query } : {}) }));

/** Every page, following the cursor, `limit` at a time. */
async function everyPage(limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const answer = await list({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(answer.statusCode, answer.body).toBe(200);
    const page = bodyOf<Page>(answer);
    expect(page.publishers.length).toBeLessThanOrEqual(limit);
    ids.push(...page.publishers.map((p) => p.id));
    cursor = page.cursor;
    pages += 1;
  } while (cursor && pages < 20);
  return { ids, pages };
}

describe('GET /publishers', () => {
  it('lists a registered publisher with its key id and issue time, never the key or its hash', async () => {
    const apiKey = await register('quay-courier', 'Quay Courier');
    const page = bodyOf<Page>(await list());
    const entry = page.publishers.find((p) => p.id === 'quay-courier');
    expect(entry).toEqual({
      id: 'quay-courier',
      name: 'Quay Courier',
      createdAt: '2024-05-01T08:00:00.000Z',
      status: 'active',
      keyId: `key_${hashKey(apiKey).slice(0, 12)}`,
      keyIssuedAt: '2024-05-01T08:00:00.000Z',
    });
    const text = JSON.stringify(page);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(hashKey(apiKey));
  });

  it('shows the new key id after a rotation', async () => {
    await register('dock-ledger', 'Dock Ledger');
    const rotated = bodyOf<{ apiKey: string }>(await handler(apiEvent('POST', '/publishers/dock-ledger/rotate-key', { key: adminKey })));
    const entry = bodyOf<Page>(await list()).publishers.find((p) => p.id === 'dock-ledger');
    expect(entry?.keyId).toBe(`key_${hashKey(rotated.apiKey).slice(0, 12)}`);
    expect(entry?.status).toBe('active');
  });

  it('lists a publisher first seen in admin-posted content as having no key, until its first key is issued', async () => {
    const posted = await post(JSON.stringify({ publisher: 'Lighthouse Review', headline: 'The lamp is lit again', body: ['Keepers restored the lens on Monday.'] }), 'application/json');
    expect(posted.statusCode, posted.body).toBe(201);
    const id = bodyOf<{ publisher: { id: string } }>(posted).publisher.id;
    const before = bodyOf<Page>(await list()).publishers.find((p) => p.id === id);
    expect(before).toMatchObject({ id, name: 'Lighthouse Review', status: 'no_key' });
    expect(before?.keyId).toBeUndefined();
    const issued = bodyOf<{ apiKey: string }>(await handler(apiEvent('POST', `/publishers/${id}/rotate-key`, { key: adminKey })));
    expect(bodyOf<Page>(await list()).publishers.find((p) => p.id === id)).toMatchObject({ status: 'active', keyId: `key_${hashKey(issued.apiKey).slice(0, 12)}` });
  });

  it('pages in id order, each page at most limit long, every publisher once', async () => {
    for (const id of ['pager-c', 'pager-a', 'pager-b']) await register(id, id.toUpperCase());
    const whole = bodyOf<Page>(await list({ limit: '100' })).publishers.map((p) => p.id);
    expect(whole).toEqual([...whole].sort());
    const paged = await everyPage(2);
    expect(paged.ids).toEqual(whole);
    expect(paged.pages).toBe(Math.ceil(whole.length / 2));
    // A page that reaches the end says so: no cursor to an empty page.
    expect(bodyOf<Page>(await list({ limit: String(whole.length) })).cursor).toBeUndefined();
  });

  it('a refused registration (the id is taken) changes nothing, the directory included', async () => {
    await register('twice-times', 'Twice Times');
    const before = await snapshot();
    const again = await handler(apiEvent('POST', '/publishers', { key: adminKey, contentType: 'application/json', body: '{"id":"twice-times","name":"Other"}' }));
    expect(again.statusCode).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ limit: '0' }, 'invalid_limit'],
    [{ limit: '101' }, 'invalid_limit'],
    [{ limit: 'abc' }, 'invalid_limit'],
    [{ limit: '1e3' }, 'invalid_limit'],
    [{ cursor: 'not-a-cursor' }, 'invalid_cursor'],
    [{ cursor: 'x'.repeat(3000) }, 'invalid_cursor'],
    // A cursor this API issued for another listing starts outside the directory.
    [{ cursor: encodeCursor({ pk: 'SUBSCRIPTIONS', sk: '_admin#2024' }) }, 'invalid_cursor'],
    [{ cursor: encodeCursor({ pk: 'PUBLISHERS', sk: 'ID#a', extra: 'x' }) }, 'invalid_cursor'],
  ])('refuses %j with 400 %s', async (query, code) => {
    const answer = await list(query);
    expect(answer.statusCode, answer.body).toBe(400);
    expect(bodyOf<{ error: { code: string } }>(answer).error.code).toBe(code);
  });

  it('is for the admin only: 401 without a key, 403 for a publisher or a partner key', async () => {
    const publisherKey = await register('closed-door', 'Closed Door');
    const partnerKey = newApiKey();
    await new DynamoPartnerRepository(services.documents, services.tableName).create({ id: 'door-watch', name: 'Door Watch' }, hashKey(partnerKey), '2024-05-01T08:00:00.000Z');
    expect((await list(undefined, null)).statusCode).toBe(401);
    expect((await list(undefined, publisherKey)).statusCode).toBe(403);
    expect((await list(undefined, partnerKey)).statusCode).toBe(403);
  });
});
