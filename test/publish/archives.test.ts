/**
 * Feed history through the publish function, against DynamoDB Local and s3rver, with pages of three
 * (FEED_ITEM_LIMIT=3): a partner that follows `prev-archive` from a feed reaches every article it
 * carries; a page is written once, when it fills, and afterwards only when one of its own articles is
 * corrected or withdrawn or a back-dated one joins it; adding an article writes no other page.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parseAtomFeed } from 'feedsmith';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import type { FeedFileStore, FeedStateStore } from '../../functions/publish/ports.ts';
import { useLocalServices } from '../support/services.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { articleWriter } from './stream-events.ts';

const services = await useLocalServices('publish-archives');
const base = 'http://127.0.0.1:3000';
const deps = composePublish({ ...process.env, FEEDS_BASE_URL: base, PUBLIC_BASE_URL: base, FEED_ITEM_LIMIT: '3' }, async () => undefined);
const write = articleWriter(services);

const day = (n: number) => new Date(Date.UTC(2024, 0, n)).toISOString();
const published = (id: string, at: string, tag = 'deir-ez-zor') => makeArticle({ id, tags: tagsFor(['opslens', tag]), publishedAt: at, updatedAt: at });
const idOf = (id: string) => `tag:127.0.0.1,2025:article/${id}`;

async function atom(url: string) {
  const object = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: url.slice(`${base}/`.length) }));
  return parseAtomFeed(await object.Body!.transformToString('utf8'));
}

/** Every entry id reachable from a tag feed by following prev-archive, and the documents visited. */
async function walk(tag = 'deir-ez-zor'): Promise<{ ids: string[]; visited: string[] }> {
  const ids = new Set<string>();
  const visited: string[] = [];
  let url: string | undefined = `${base}/feeds/tags/${tag}.atom`;
  while (url && visited.length < 20) {
    visited.push(url.slice(base.length));
    const feed = await atom(url);
    for (const entry of feed.entries ?? []) ids.add(entry.id!);
    url = feed.links?.find((l) => l.rel === 'prev-archive')?.href;
  }
  return { ids: [...ids].sort(), visited };
}

/** Publishes `articles` one stream batch each, recording the keys written. */
async function publish(...articles: ReturnType<typeof published>[]): Promise<string[]> {
  const written: string[] = [];
  const files: FeedFileStore = { storedHash: (k) => deps.files.storedHash(k), write: async (f) => { written.push(f.key); await deps.files.write(f); } };
  for (const article of articles) expect(await handleStreamEvent(await write(article), { ...deps, files })).toEqual({ batchItemFailures: [] });
  return written;
}
const pagesIn = (keys: string[], tag = 'deir-ez-zor') => [...new Set(keys.filter((k) => k.startsWith(`feeds/archive/tags/${tag}/`)).map((k) => k.split('/').at(-1)!.replace(/\.\w+(\.gz)?$/, '')))];

describe('feed history in pages through the publish function', () => {
  it('cuts a page when three entries gather after the last, and the chain from the feed reaches every article', async () => {
    expect(pagesIn(await publish(published('d1', day(1)), published('d2', day(2))))).toEqual([]);
    expect((await walk()).visited).toEqual(['/feeds/tags/deir-ez-zor.atom']);
    expect(pagesIn(await publish(published('d3', day(3))))).toEqual([expect.stringMatching(/^page-1-/)]);
    await publish(...[4, 5, 6, 7].map((n) => published(`d${n}`, day(n))));
    const { ids, visited } = await walk();
    expect(visited.map((u) => u.split('/').at(-1)!.replace(/-[0-9a-f]{8}\./, '.'))).toEqual(['deir-ez-zor.atom', 'page-2.atom', 'page-1.atom']);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => idOf(`d${n}`)).sort());
    const page1 = await atom(`${base}${visited[2]}`);
    expect(page1.entries?.map((e) => e.id)).toEqual(['d3', 'd2', 'd1'].map(idOf));
    expect(page1.links?.find((l) => l.rel === 'current')?.href).toBe(`${base}/feeds/tags/deir-ez-zor.atom`);
  });

  it('writes no page for an article that fills none, and only the new page for one that does', async () => {
    expect(pagesIn(await publish(published('d8', day(8))))).toEqual([]);
    expect(pagesIn(await publish(published('d9', day(9))))).toEqual([expect.stringMatching(/^page-3-/)]);
    // A render that cut a page gave its feed's lease back too (the cut keeps it; the last state write ends it).
    expect((await services.scanAll()).filter((item) => 'leaseUntil' in item)).toEqual([]);
  });

  it('reads the same for an article that fills no page whatever the history: per feed its state item and newest entries, no page', async () => {
    const calls: string[] = [];
    const counted = <T extends object>(target: T): T =>
      new Proxy(target, { get: (t, name, receiver) => (typeof Reflect.get(t, name, receiver) === 'function' ? (...args: unknown[]) => (calls.push(String(name)), (Reflect.get(t, name, receiver) as (...a: unknown[]) => unknown).apply(t, args)) : Reflect.get(t, name, receiver)) });
    const event = await write(published('d10', day(10)));
    // With a pages queue, as deployed: the listing pages are the page pass's reads (page-pass.test.ts), not this pass's.
    const pagesDue = async () => undefined;
    expect(await handleStreamEvent(event, { ...deps, pagesDue, source: counted(deps.source), feedState: counted(deps.feedState) })).toEqual({ batchItemFailures: [] });
    // Four feeds (all, tag opslens, tag deir-ez-zor, publisher opslens), three pages behind the tag feed: nothing reads them.
    // (`remember`: the batch's own image handed to the source, which then need not read it. Each state item is
    // read by taking the feed's lease, which returns it: no `read` of its own.)
    expect(calls.sort()).toEqual([...Array(4).fill('latest'), ...Array(4).fill('saveFiles'), 'remember'].sort());
  });

  it('rewrites only the page of a corrected article', async () => {
    const d2 = published('d2', day(2));
    const written = await publish({ ...d2, version: 2, headline: 'Corrected: the second report', updatedAt: day(20) });
    expect(pagesIn(written)).toEqual([expect.stringMatching(/^page-1-/)]);
    const { visited } = await walk();
    expect((await atom(`${base}${visited.at(-1)}`)).entries?.find((e) => e.id === idOf('d2'))?.title).toMatchObject({ value: 'Corrected: the second report' });
  });

  it('takes a withdrawn article out of its page only, and out of the chain', async () => {
    const d5 = published('d5', day(5));
    const written = await publish({ ...d5, version: 2, status: 'withdrawn', withdrawnAt: day(21), updatedAt: day(21) });
    expect(pagesIn(written)).toEqual([expect.stringMatching(/^page-2-/)]);
    const { ids, visited } = await walk();
    expect(ids).not.toContain(idOf('d5'));
    expect(ids).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10].map((n) => idOf(`d${n}`)).sort());
    expect((await atom(`${base}${visited.find((u) => u.includes('page-2-'))}`)).entries?.map((e) => e.id)).toEqual(['d6', 'd4'].map(idOf));
  });

  it('puts a back-dated article into the page whose range holds it', async () => {
    const written = await publish(published('d0', day(0)));
    expect(pagesIn(written)).toEqual([expect.stringMatching(/^page-1-/)]);
    const { ids, visited } = await walk();
    expect(ids).toContain(idOf('d0'));
    expect((await atom(`${base}${visited.at(-1)}`)).entries?.map((e) => e.id)).toEqual(['d3', 'd2', 'd1', 'd0'].map(idOf));
  });

  it('asks S3 nothing about feed files it wrote: only the changed article’s own page is checked there', async () => {
    const asked: string[] = [];
    const files: FeedFileStore = { storedHash: (k) => (asked.push(k), deps.files.storedHash(k)), write: (f) => deps.files.write(f) };
    const event = await write(published('d11', day(11)));
    await handleStreamEvent(event, { ...deps, files });
    await handleStreamEvent(event, { ...deps, files });
    expect(asked).toEqual(['pages/articles/d11.html', 'pages/articles/d11.html']);
  });

  it('survives a crash between a page’s files and its record: nothing links the files, and the next render cuts it again', async () => {
    const crashing: FeedStateStore = Object.assign(Object.create(deps.feedState) as FeedStateStore, {
      cut: () => Promise.reject(new Error('crashed before recording the page')),
    });
    const first = ['k1', 'k2'].map((id, i) => published(id, day(i + 1), 'kobani'));
    await publish(...first);
    const third = await write(published('k3', day(3), 'kobani'));
    const crashed = await handleStreamEvent(third, { ...deps, feedState: crashing });
    expect(crashed.batchItemFailures.length).toBe(1);
    expect((await walk('kobani')).visited).toEqual(['/feeds/tags/kobani.atom']);
    // The stream retries the record.
    expect(await handleStreamEvent(third, deps)).toEqual({ batchItemFailures: [] });
    const { ids, visited } = await walk('kobani');
    expect(visited).toHaveLength(2);
    expect(ids).toEqual(['k1', 'k2', 'k3'].map(idOf).sort());
  });

  it('records nothing when a page’s files could not be written, so no feed links a page that is not there', async () => {
    const articles = ['m1', 'm2', 'm3'].map((id, i) => published(id, day(i + 1), 'manbij'));
    await publish(...articles.slice(0, 2));
    const failing: FeedFileStore = { storedHash: (k) => deps.files.storedHash(k), write: (f) => (f.key.startsWith('feeds/archive/') ? Promise.reject(new Error('injected')) : deps.files.write(f)) };
    const event = await write(articles[2]!);
    expect((await handleStreamEvent(event, { ...deps, files: failing })).batchItemFailures.length).toBe(1);
    expect((await deps.feedState.read('tag/manbij')).pages).toBe(0);
    expect(await handleStreamEvent(event, deps)).toEqual({ batchItemFailures: [] });
    expect((await deps.feedState.read('tag/manbij')).pages).toBe(1);
  });
});
