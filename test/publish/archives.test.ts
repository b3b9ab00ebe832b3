/**
 * Feed history through the publish function, against DynamoDB Local and
 * s3rver: a partner that follows `prev-archive` from a feed reaches every
 * article it ever carried; a back-dated article joins its month and the chain;
 * adding an article rewrites only its month's archive and the next month's.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parseAtomFeed } from 'feedsmith';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import type { FeedFileStore } from '../../functions/publish/ports.ts';
import { useLocalServices } from '../support/services.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { articleWriter } from './stream-events.ts';

const services = await useLocalServices('publish-archives');
const base = 'http://127.0.0.1:3000';
const deps = composePublish({ ...process.env, FEEDS_BASE_URL: base, PUBLIC_BASE_URL: base }, async () => undefined);
const write = articleWriter(services.dynamoDb, services.tableName);

const published = (id: string, at: string) => makeArticle({ id, tags: tagsFor(['opslens', 'deir-ez-zor']), publishedAt: at, updatedAt: at });

async function atom(url: string) {
  const key = url.slice(`${base}/`.length);
  const object = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
  return parseAtomFeed(await object.Body!.transformToString('utf8'));
}

/** Every entry id reachable from the tag feed by following prev-archive, and the documents visited. */
async function walk(): Promise<{ ids: Set<string>; visited: string[] }> {
  const ids = new Set<string>();
  const visited: string[] = [];
  let url: string | undefined = `${base}/feeds/tags/deir-ez-zor.atom`;
  while (url && visited.length < 20) {
    visited.push(url);
    const feed = await atom(url);
    for (const entry of feed.entries ?? []) ids.add(entry.id!);
    url = feed.links?.find((l) => l.rel === 'prev-archive')?.href;
  }
  return { ids, visited };
}

const idOf = (id: string) => `tag:127.0.0.1,2025:article/${id}`;

describe('feed history through the publish function', () => {
  it('lets a partner walk from the feed through every month’s archive to the first article', async () => {
    for (const [id, at] of [['p-jan', '2024-01-10T00:00:00.000Z'], ['p-mar', '2024-03-05T00:00:00.000Z'], ['p-mar2', '2024-03-20T00:00:00.000Z']] as const) {
      expect(await handleStreamEvent(await write(published(id, at)), deps)).toEqual({ batchItemFailures: [] });
    }
    const { ids, visited } = await walk();
    expect(visited.map((u) => u.slice(base.length))).toEqual(['/feeds/tags/deir-ez-zor.atom', '/feeds/archive/tags/deir-ez-zor/2024-03.atom', '/feeds/archive/tags/deir-ez-zor/2024-01.atom']);
    expect([...ids].sort()).toEqual(['p-jan', 'p-mar', 'p-mar2'].map(idOf).sort());
  });

  it('threads a back-dated article’s month into the chain', async () => {
    await handleStreamEvent(await write(published('p-feb', '2024-02-14T00:00:00.000Z')), deps);
    const { ids, visited } = await walk();
    expect(visited.map((u) => u.split('/').at(-1))).toEqual(['deir-ez-zor.atom', '2024-03.atom', '2024-02.atom', '2024-01.atom']);
    expect(ids).toContain(idOf('p-feb'));
  });

  it('rewrites no older, full month when an article joins a new month', async () => {
    const written: string[] = [];
    const watching: FeedFileStore = { storedHash: (k) => deps.files.storedHash(k), write: async (f) => { written.push(f.key); await deps.files.write(f); } };
    await handleStreamEvent(await write(published('p-apr', '2024-04-02T00:00:00.000Z')), { ...deps, files: watching });
    const archives = written.filter((k) => k.startsWith('feeds/archive/tags/deir-ez-zor/'));
    expect([...new Set(archives.map((k) => k.replace(/\.\w+(\.gz)?$/, '')))]).toEqual(['feeds/archive/tags/deir-ez-zor/2024-04']);
  });

  it('shows a correction in its month’s archive, which is rewritten (a departure from RFC 5005’s stable archives: README)', async () => {
    const mar2 = published('p-mar2', '2024-03-20T00:00:00.000Z');
    await handleStreamEvent(await write({ ...mar2, version: 2, headline: 'Corrected: the second March report', updatedAt: '2024-05-02T00:00:00.000Z' }), deps);
    const march = await atom(`${base}/feeds/archive/tags/deir-ez-zor/2024-03.atom`);
    expect(march.entries?.find((e) => e.id === idOf('p-mar2'))).toMatchObject({ title: { value: 'Corrected: the second March report' }, updated: '2024-05-02T00:00:00Z' });
    expect(march.entries).toHaveLength(2);
  });

  it('takes a withdrawn article out of its month’s archive, and the chain steps over a month it emptied', async () => {
    const feb = published('p-feb', '2024-02-14T00:00:00.000Z');
    await handleStreamEvent(await write({ ...feb, version: 2, status: 'withdrawn', withdrawnAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-01T00:00:00.000Z' }), deps);
    expect((await atom(`${base}/feeds/archive/tags/deir-ez-zor/2024-02.atom`)).entries ?? []).toEqual([]);
    const { ids, visited } = await walk();
    expect(ids).not.toContain(idOf('p-feb'));
    expect(visited.map((u) => u.split('/').at(-1))).toEqual(['deir-ez-zor.atom', '2024-04.atom', '2024-03.atom', '2024-01.atom']);
  });
});
