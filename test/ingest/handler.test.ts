/**
 * The ingest Lambda end to end against DynamoDB Local and s3rver, with the
 * real article core: API Gateway v2 events in, contract responses out, and
 * the table and bucket inspected directly afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedIndexer } from '../support/feed-indexer.ts';
import { useLocalServices } from '../support/services.ts';
import { readReferenceArticle, repoRoot } from '../support/shared.ts';
import { apiEvent, bodyOf } from './api-event.ts';

const services = await useLocalServices('ingest-handler');
const adminKey = 'test-admin-key-ingest';
process.env.SYNDICATE_ADMIN_KEY = adminKey;
const clock = { at: new Date('2024-05-01T08:00:00.000Z'), now() { return new Date(this.at); } };
const advance = (ms: number) => (clock.at = new Date(clock.at.getTime() + ms));

const { createIngestHandler } = await import('../../functions/ingest/handler.ts');
const { ingestDependencies } = await import('../../functions/ingest/composition.ts');
const handler = createIngestHandler(() => ingestDependencies(clock));

const contentTypes: Record<string, string> = { '.txt': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8', '.json': 'application/json' };
const samplesDir = join(repoRoot, 'events', 'articles');
const samples = readdirSync(samplesDir)
  .filter((f) => Object.keys(contentTypes).some((ext) => f.endsWith(ext)))
  .map((file) => ({ file, body: readFileSync(join(samplesDir, file), 'utf8'), contentType: contentTypes[file.slice(file.lastIndexOf('.'))]! }));

const post = (body: string | Buffer, contentType: string, key = adminKey) => handler(apiEvent('POST', '/articles', { key, body, contentType }));
const get = (path: string, key?: string) => handler(apiEvent('GET', path, key === undefined ? {} : { key }));
const itemsOf = async (id: string) => (await services.scanAll()).filter((i) => JSON.stringify(i).includes(id));
/** Lists read the feed index, which publish writes from the stream: this applies what the stream holds so far. */
const feeds = feedIndexer(services);

describe('ingest: publishing', () => {
  it('answers /health', async () => {
    expect((await get('/health')).statusCode).toBe(200);
  });

  it.each(samples)('round-trips $file: 201, readable as JSON and ninjs, stored in S3; the same again is 200 with the same id', async ({ body, contentType }) => {
    const created = await post(body, contentType);
    expect(created.statusCode, created.body).toBe(201);
    const article = bodyOf<{ outcome: string; id: string; version: number; headline: string; tags: { id: string }[]; links: { self: string } }>(created);
    expect(article).toMatchObject({ outcome: 'created', version: 1 });

    const read = bodyOf<{ headline: string; body: string[] }>(await get(`/articles/${article.id}`));
    expect(read.headline).toBe(article.headline);
    expect(read.body.length).toBeGreaterThan(0);
    const ninjs = await get(`/articles/${article.id}.ninjs`);
    expect(ninjs.statusCode).toBe(200);
    expect(bodyOf<{ headlines: { value: string }[]; pubstatus: string }>(ninjs)).toMatchObject({ headlines: [{ value: article.headline }], pubstatus: 'usable' });
    expect(await services.listKeys(`articles/${article.id}/`)).toEqual([`articles/${article.id}/v1.json`, `articles/${article.id}/v1.ninjs.json`]);
    expect(await services.listKeys(`raw/${article.id}/`)).toHaveLength(1);

    const itemsBefore = await itemsOf(article.id);
    const again = await post(body, contentType);
    expect(again.statusCode).toBe(200);
    expect(bodyOf<{ outcome: string; id: string; version: number }>(again)).toMatchObject({ outcome: 'unchanged', id: article.id, version: 1 });
    expect(await itemsOf(article.id)).toEqual(itemsBefore);
  });

  it('keeps a long article whole although its body is too big for a table item', async () => {
    const paragraph = 'The survey logged every mooring, buoy and channel marker along the estuary. '.repeat(40).trim();
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Section ${i + 1}. ${paragraph}`);
    const created = await post(JSON.stringify({ publisher: 'Harbour News', headline: 'Estuary survey published in full', body: paragraphs }), 'application/json');
    expect(created.statusCode, created.body).toBe(201);
    const { id } = bodyOf<{ id: string }>(created);
    const latest = (await itemsOf(id)).find((i) => i.sk === 'LATEST')!;
    expect(latest.bodyRef).toBe(`articles/${id}/v1.json`);
    expect(bodyOf<{ body: string[] }>(await get(`/articles/${id}`)).body).toHaveLength(120);
  });

  it('takes the publisher of an admin post from the content and registers it on first sight', async () => {
    const created = bodyOf<{ publisher: { id: string }; tags: { id: string }[] }>(await post(readReferenceArticle(), 'text/plain'));
    expect(created.publisher.id).toBe('opslens');
    expect((await services.scanAll()).some((i) => i.pk === 'PUBLISHER#opslens')).toBe(true);
  });
});

describe('ingest: corrections and withdrawals', () => {
  let id = '';
  const original = readReferenceArticle();
  const corrected = original.replace(/\n\n([^\n]+)\n*$/, (_m, last: string) => `\n\n${last} This paragraph was corrected.\n`);

  beforeAll(async () => {
    id = bodyOf<{ id: string }>(await post(original, 'text/plain')).id;
  });

  it('PUT makes version 2 of the same article and moves updatedAt', async () => {
    const before = bodyOf<{ updatedAt: string }>(await get(`/articles/${id}`));
    advance(60_000);
    const put = await handler(apiEvent('PUT', `/articles/${id}`, { key: adminKey, body: corrected, contentType: 'text/plain' }));
    expect(put.statusCode, put.body).toBe(200);
    const after = bodyOf<{ id: string; version: number; updatedAt: string }>(put);
    expect(after).toMatchObject({ outcome: 'corrected', id, version: 2 });
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(bodyOf<{ version: number; body: string[] }>(await get(`/articles/${id}`)).body.join(' ')).toContain('This paragraph was corrected.');
  });

  it('lists the corrected article once, at its latest version', async () => {
    await feeds.catchUp();
    const listed = bodyOf<{ articles: { id: string; version: number }[] }>(
      await handler(apiEvent('GET', '/articles', { query: { publisher: 'opslens' } })),
    );
    expect(listed.articles.filter((a) => a.id === id)).toEqual([expect.objectContaining({ id, version: 2 })]);
  });

  it('DELETE withdraws: kept for audit, gone from every feed index, GET answers 410', async () => {
    const deleted = await handler(apiEvent('DELETE', `/articles/${id}`, { key: adminKey }));
    expect(deleted.statusCode).toBe(200);
    expect(bodyOf<{ outcome: string; status: string }>(deleted)).toMatchObject({ outcome: 'withdrawn', status: 'withdrawn' });
    expect((await get(`/articles/${id}`)).statusCode).toBe(410);
    await feeds.catchUp();
    const items = await itemsOf(id);
    expect(items.filter((i) => String(i.pk).startsWith('FEED#'))).toEqual([]);
    expect(items.find((i) => i.sk === 'LATEST')).toMatchObject({ status: 'withdrawn' });
    const listed = bodyOf<{ articles: { id: string }[] }>(await handler(apiEvent('GET', '/articles', { query: { publisher: 'opslens' } })));
    expect(listed.articles.map((a) => a.id)).not.toContain(id);
    const again = await handler(apiEvent('DELETE', `/articles/${id}`, { key: adminKey }));
    expect(again.statusCode).toBe(200);
    expect(bodyOf<{ outcome: string; status: string }>(again)).toMatchObject({ outcome: 'unchanged', status: 'withdrawn' });
  });

  it('POST of changed text under a stored source id is a correction of that article, not a new one', async () => {
    const sent = (text: string) =>
      post(JSON.stringify({ publisher: 'Harbour News', sourceId: 'hn-2024-0501-quay', headline: 'Quay wall repairs begin', body: [text] }), 'application/json');
    const first = bodyOf<{ outcome: string; id: string }>(await sent('Crews started on the north quay wall this morning.'));
    expect(first.outcome).toBe('created');
    advance(60_000);
    const second = await sent('Crews started on the north quay wall this morning, a day later than planned.');
    expect(second.statusCode).toBe(200);
    expect(bodyOf<{ outcome: string; id: string; version: number }>(second)).toMatchObject({ outcome: 'corrected', id: first.id, version: 2 });
  });

  it('takes an image-only change as a correction (the fingerprint covers only the text), and the same images again as unchanged', async () => {
    const photo = (url: string, caption: string) => ({ url, mediaType: 'image/jpeg', width: 1600, height: 900, caption, credit: 'Jo Lens', role: 'lead' });
    const article = (media: object[]) =>
      JSON.stringify({ publisher: 'Harbour News', headline: 'Lighthouse lamp relit after repairs', body: ['The keepers relit the lamp at dusk on Friday.', 'Ships had used a temporary light for a month.'], media });
    const first = bodyOf<{ outcome: string; id: string }>(await post(article([photo('https://cdn.example.org/lamp.jpg', 'The lamp')]), 'application/json'));
    expect(first.outcome).toBe('created');
    const put = (media: object[]) => handler(apiEvent('PUT', `/articles/${first.id}`, { key: adminKey, body: article(media), contentType: 'application/json' }));
    const imageOf = async () => bodyOf<{ version: number; media?: { url: string; caption?: string }[] }>(await get(`/articles/${first.id}`));

    advance(60_000);
    expect(bodyOf(await put([photo('https://cdn.example.org/lamp-night.jpg', 'The lamp')]))).toMatchObject({ outcome: 'corrected', version: 2 });
    advance(60_000);
    expect(bodyOf(await put([photo('https://cdn.example.org/lamp-night.jpg', 'The lamp at night')]))).toMatchObject({ outcome: 'corrected', version: 3 });
    expect(await imageOf()).toMatchObject({ version: 3, media: [{ url: 'https://cdn.example.org/lamp-night.jpg', caption: 'The lamp at night' }] });
    expect(bodyOf(await put([photo('https://cdn.example.org/lamp-night.jpg', 'The lamp at night')]))).toMatchObject({ outcome: 'unchanged', version: 3 });

    // A POST of the same text: new pictures correct it, none (or the same) leave it alone.
    advance(60_000);
    expect(bodyOf(await post(article([photo('https://cdn.example.org/lamp-day.jpg', 'The lamp by day')]), 'application/json'))).toMatchObject({ outcome: 'corrected', id: first.id, version: 4 });
    expect(bodyOf(await post(article([]), 'application/json'))).toMatchObject({ outcome: 'unchanged', id: first.id, version: 4 });
    advance(60_000);
    expect(bodyOf(await put([]))).toMatchObject({ outcome: 'corrected', version: 5 });
    expect((await imageOf()).media ?? []).toEqual([]);
  });
});

describe('ingest: embargoes', () => {
  it('stores an embargoed article outside every feed until its release', async () => {
    const embargoUntil = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const body = JSON.stringify({
      publisher: 'Harbour News',
      headline: 'Lock gates to be replaced next spring',
      body: ['Engineers surveyed the gates over the winter.', 'The works will close the canal for six weeks.'],
      embargoUntil,
    });
    const created = await post(body, 'application/json');
    expect(created.statusCode, created.body).toBe(201);
    const { id, status } = bodyOf<{ id: string; status: string }>(created);
    expect(status).toBe('embargoed');
    expect((await get(`/articles/${id}`)).statusCode).toBe(404);
    expect((await get(`/articles/${id}`, adminKey)).statusCode).toBe(200);
    await feeds.catchUp();
    expect((await itemsOf(id)).filter((i) => String(i.pk).startsWith('FEED#'))).toEqual([]);

    expect(await handler({ action: 'release-embargo', articleId: id })).toBe('not-yet');
    advance(3_600_000);
    expect(await handler({ action: 'release-due-embargoes' })).toContainEqual({ articleId: id, outcome: 'released' });
    expect(await handler({ action: 'release-embargo', articleId: id })).toBe('not-embargoed');

    expect(bodyOf<{ status: string }>(await get(`/articles/${id}`)).status).toBe('published');
    await feeds.catchUp();
    const listed = bodyOf<{ articles: { id: string }[] }>(await handler(apiEvent('GET', '/articles', { query: { publisher: 'harbour-news' } })));
    expect(listed.articles.map((a) => a.id)).toContain(id);
    expect((await itemsOf(id)).filter((i) => i.pk === 'EMBARGO')).toEqual([]);
  });
});
