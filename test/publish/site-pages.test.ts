/**
 * The publish function renders the public site beside the feeds, against
 * DynamoDB Local and s3rver: an article's page, its tag, publisher and home
 * pages; the withdrawn page (stored to be served 410) after a kill; no page
 * for an embargoed article; unchanged pages are not rewritten.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import type { FeedFileStore } from '../../functions/publish/ports.ts';
import { useLocalServices } from '../support/services.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { articleWriter, streamEvent } from './stream-events.ts';

const services = await useLocalServices('publish-site');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000' };
const deps = composePublish(env, async () => undefined);
const write = articleWriter(services);

async function page(key: string) {
  const result = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
  return { body: await result.Body!.transformToString('utf8'), contentType: result.ContentType, cacheControl: result.CacheControl, metadata: result.Metadata ?? {} };
}

const article = makeArticle({
  id: 'site-1',
  headline: 'Engineers reopen the Tabqa bridge',
  tags: tagsFor(['opslens', 'syria', 'tabqa']),
  publishedAt: '2024-08-01T09:00:00.000Z',
  updatedAt: '2024-08-01T09:00:00.000Z',
});

describe('the publish function and the public site', () => {
  it('writes the article’s page and the home, tag and publisher pages beside the feeds', async () => {
    expect(await handleStreamEvent(await write(article), deps)).toEqual({ batchItemFailures: [] });
    expect((await services.listKeys('pages/')).filter((k) => k.endsWith('.html'))).toEqual(
      ['pages/articles/site-1.html', 'pages/index.html', 'pages/publishers/opslens.html', 'pages/tags/opslens.html', 'pages/tags/syria.html', 'pages/tags/tabqa.html'].sort(),
    );
    const own = await page('pages/articles/site-1.html');
    expect(own).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60, s-maxage=0' });
    expect(own.metadata['http-status']).toBeUndefined();
    expect(own.body).toContain('<h1>Engineers reopen the Tabqa bridge</h1>');
    expect((await page('pages/tags/syria.html')).body).toContain('<a href="http://127.0.0.1:3000/pages/articles/site-1.html">Engineers reopen the Tabqa bridge</a>');
    expect((await page('pages/index.html')).body).toContain('href="http://127.0.0.1:3000/feeds/all.atom"');
  });

  it('does not rewrite pages whose bytes did not change', async () => {
    const event = await write(article);
    const written: string[] = [];
    const watching: FeedFileStore = { storedHash: (k) => deps.files.storedHash(k), write: async (f) => void written.push(f.key) };
    await handleStreamEvent(event, { ...deps, files: watching });
    expect(written).toEqual([]);
  });

  it('replaces the article’s page by the withdrawn page, stored to be served 410, and drops it from the lists', async () => {
    const withdrawn = { ...article, version: 2, status: 'withdrawn' as const, withdrawnAt: '2024-08-02T10:00:00.000Z', updatedAt: '2024-08-02T10:00:00.000Z' };
    expect(await handleStreamEvent(await write(withdrawn), deps)).toEqual({ batchItemFailures: [] });
    const gone = await page('pages/articles/site-1.html');
    expect(gone.metadata['http-status']).toBe('410');
    expect(gone.body).toContain('<h1>This article has been withdrawn</h1>');
    expect(gone.body).not.toContain('Tabqa bridge');
    expect((await page('pages/tags/tabqa.html')).body).toContain('There are no articles here at the moment.');
  });

  it('writes no page for an embargoed article', async () => {
    const embargoed = makeArticle({ id: 'site-embargoed', status: 'embargoed', embargoUntil: '2099-01-01T00:00:00.000Z', tags: tagsFor(['opslens']) });
    await handleStreamEvent(await write(embargoed), deps);
    await expect(services.s3.send(new HeadObjectCommand({ Bucket: services.bucketName, Key: 'pages/articles/site-embargoed.html' }))).rejects.toThrow();
  });

  it('fails only the records of an article whose page could not be written', async () => {
    const flaky: FeedFileStore = {
      storedHash: () => Promise.resolve(undefined),
      write: (file) => (file.key === 'pages/articles/site-2.html' ? Promise.reject(new Error('injected')) : deps.files.write(file)),
    };
    const failing = await write(makeArticle({ id: 'site-2', tags: tagsFor(['opslens']) }));
    const fine = await write(makeArticle({ id: 'site-3', tags: tagsFor(['opslens']) }));
    const result = await handleStreamEvent(streamEvent(...failing.Records, ...fine.Records), { ...deps, files: flaky });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: failing.Records[0]?.dynamodb?.SequenceNumber }]);
    expect((await page('pages/articles/site-3.html')).body).toContain('<h1>');
  });
});
