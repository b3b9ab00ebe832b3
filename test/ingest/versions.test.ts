/**
 * Article versions and the status lists, through the real ingest handler on DynamoDB Local and s3rver:
 * every correction is listed (number, time, kind of change, status) and readable as it was stored;
 * a withdrawal changes the status without adding a version, hides the versions from the public (410)
 * but not from the admin or the publisher; `GET /articles?status=` lists withdrawn and embargoed
 * articles for the admin only, and refuses what it cannot answer with a specific 4xx.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiEvent } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

let h: Awaited<ReturnType<typeof ingestHarness>>;
let publisherKey = '';
const text = (extra = '') =>
  `Versions Wire\n\nFerry crews repair the pier at Harbour Town\n\nCrews repaired the pier over three weeks.${extra}`;
const bodyOf = (r: { body?: string }) => JSON.parse(r.body ?? '{}');

beforeAll(async () => {
  h = await ingestHarness('versions');
  const registered = await h.handler(apiEvent('POST', '/publishers', { key: h.adminKey, contentType: 'application/json', body: JSON.stringify({ id: 'versions-wire', name: 'Versions Wire' }) }));
  publisherKey = bodyOf(registered).apiKey;
}, 60_000);

const get = (path: string, key?: string, query?: Record<string, string>) => h.handler(apiEvent('GET', path, { ...(key ? { key } : {}), ...(query ? { query } : {}) }));

describe('GET /articles/{id}/versions', () => {
  let id = '';

  beforeAll(async () => {
    id = bodyOf(await h.post(text(), 'text/plain', publisherKey)).id;
    h.clock.at = new Date('2024-05-01T09:00:00.000Z');
    await h.handler(apiEvent('PUT', `/articles/${id}`, { key: publisherKey, contentType: 'text/plain', body: text('\n\nThe ferry runs again.') }));
    h.clock.at = new Date('2024-05-01T10:00:00.000Z');
    await h.handler(apiEvent('PUT', `/articles/${id}`, { key: publisherKey, contentType: 'text/plain', body: text('\n\nThe ferry runs again on Monday.') }));
  });

  it('lists every version oldest first, with its time, kind of change and status, in pages', async () => {
    const res = await get(`/articles/${id}/versions`);
    expect(res.statusCode).toBe(200);
    const listed = bodyOf(res);
    expect(listed).toMatchObject({ id, status: 'published' });
    expect(listed.versions.map((v: { version: number; change: string; status: string; at: string }) => [v.version, v.change, v.status, v.at])).toEqual([
      [1, 'created', 'published', '2024-05-01T08:00:00.000Z'],
      [2, 'corrected', 'published', '2024-05-01T09:00:00.000Z'],
      [3, 'corrected', 'published', '2024-05-01T10:00:00.000Z'],
    ]);
    const first = bodyOf(await get(`/articles/${id}/versions`, undefined, { limit: '2' }));
    expect(first.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const rest = bodyOf(await get(`/articles/${id}/versions`, undefined, { limit: '2', cursor: first.nextCursor }));
    expect(rest.versions.map((v: { version: number }) => v.version)).toEqual([3]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('returns one version as it was stored, with its own body', async () => {
    const v1 = bodyOf(await get(`/articles/${id}/versions/1`));
    const v3 = bodyOf(await get(`/articles/${id}/versions/3`));
    expect(v1).toMatchObject({ id, version: 1, status: 'published' });
    expect(v1.body.join(' ')).not.toContain('ferry runs again');
    expect(v3.body.join(' ')).toContain('The ferry runs again on Monday.');
    expect(v3.links.self).toMatch(new RegExp(`/articles/${id}/versions/3$`));
  });

  it('answers a specific 4xx to a version that is not one', async () => {
    for (const [n, status] of [['0', 400], ['01', 400], ['-1', 400], ['x', 400], ['1e3', 400], ['9999999', 400], ['4', 404]] as const) {
      const res = await get(`/articles/${id}/versions/${n}`);
      expect([n, res.statusCode]).toEqual([n, status]);
      expect(bodyOf(res).error.code).toBe(status === 400 ? 'invalid_request' : 'not_found');
    }
    expect((await get('/articles/art_nope/versions')).statusCode).toBe(404);
    expect((await get(`/articles/${id}/versions`, undefined, { limit: '0' })).statusCode).toBe(400);
    expect(bodyOf(await get(`/articles/${id}/versions`, undefined, { cursor: 'garbage' })).error.code).toBe('invalid_cursor');
  });

  it('after a withdrawal: no new version, 410 for the public, readable by the admin and the publisher', async () => {
    h.clock.at = new Date('2024-05-01T11:00:00.000Z');
    await h.handler(apiEvent('DELETE', `/articles/${id}`, { key: publisherKey }));
    expect((await get(`/articles/${id}/versions`)).statusCode).toBe(410);
    expect((await get(`/articles/${id}/versions/1`)).statusCode).toBe(410);
    const listed = bodyOf(await get(`/articles/${id}/versions`, h.adminKey));
    expect(listed).toMatchObject({ status: 'withdrawn', withdrawnAt: '2024-05-01T11:00:00.000Z' });
    expect(listed.versions).toHaveLength(3);
    expect((await get(`/articles/${id}/versions/2`, publisherKey)).statusCode).toBe(200);
  });
});

describe('GET /articles?status=', () => {
  it('lists withdrawn articles, newest withdrawal first, and embargoed ones, for the admin only', async () => {
    h.clock.at = new Date('2024-05-02T08:00:00.000Z');
    const a = bodyOf(await h.post('Versions Wire\n\nPier opens to walkers\n\nWalkers may use the pier again.', 'text/plain', publisherKey)).id;
    const b = bodyOf(await h.post('Versions Wire\n\nPier lights switched on\n\nThe pier has new lights.', 'text/plain', publisherKey)).id;
    await h.handler(apiEvent('DELETE', `/articles/${a}`, { key: h.adminKey }));
    h.clock.at = new Date('2024-05-02T09:00:00.000Z');
    await h.handler(apiEvent('DELETE', `/articles/${b}`, { key: h.adminKey }));
    const embargoed = bodyOf(
      await h.post(JSON.stringify({ publisher: 'Versions Wire', headline: 'Pier reopening date set', body: ['The date is set.'], embargoUntil: '2024-05-03T08:00:00Z' }), 'application/json', publisherKey),
    ).id;

    const withdrawn = bodyOf(await get('/articles', h.adminKey, { status: 'withdrawn' }));
    expect(withdrawn.articles.map((x: { id: string }) => x.id).slice(0, 2)).toEqual([b, a]);
    expect(withdrawn.articles.every((x: { status: string; body?: unknown }) => x.status === 'withdrawn' && x.body === undefined)).toBe(true);
    const paged = bodyOf(await get('/articles', h.adminKey, { status: 'withdrawn', limit: '1' }));
    expect(bodyOf(await get('/articles', h.adminKey, { status: 'withdrawn', limit: '1', cursor: paged.nextCursor })).articles[0].id).toBe(a);

    expect(bodyOf(await get('/articles', h.adminKey, { status: 'embargoed' })).articles.map((x: { id: string }) => x.id)).toEqual([embargoed]);
    expect(bodyOf(await get('/articles', undefined, { status: 'published' })).articles.map((x: { id: string }) => x.id)).not.toContain(a);
  });

  it('refuses other statuses, other keys and filters it cannot apply, each with a specific 4xx', async () => {
    const refusal = async (query: Record<string, string>, key?: string) => {
      const res = await get('/articles', key, query);
      return [res.statusCode, bodyOf(res).error?.code];
    };
    expect(await refusal({ status: 'deleted' })).toEqual([400, 'invalid_request']);
    expect(await refusal({ status: 'Published' })).toEqual([400, 'invalid_request']);
    expect(await refusal({ status: 'withdrawn' })).toEqual([401, 'unauthorized']);
    expect(await refusal({ status: 'embargoed' }, publisherKey)).toEqual([403, 'forbidden']);
    expect(await refusal({ status: 'withdrawn', tag: 'syria' }, h.adminKey)).toEqual([400, 'invalid_request']);
    expect(await refusal({ status: 'withdrawn', cursor: 'nope' }, h.adminKey)).toEqual([400, 'invalid_cursor']);
  });
});
