/**
 * The publish function against DynamoDB Local and s3rver, with stream events
 * built from the items the real repository wrote and a loopback WebSub hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { ArticleEvent } from '../../functions/core/article/events.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { S3ContentStore } from '../../functions/adapters/s3-store.ts';
import { s3Objects } from '../../functions/commons/clients/s3-objects.ts';
import type { VersionObjects } from '../../functions/adapters/article-item.ts';
import { composePublish, handleStreamEvent, handler } from '../../functions/publish/handler.ts';
import type { FeedFileStore } from '../../functions/publish/ports.ts';
import { captureLogLines } from '../support/log-capture.ts';
import { useLocalServices } from '../support/services.ts';
import { illustratedArticle, makeArticle, referenceArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { startRecordingHub, type RecordingHub } from './hub-server.ts';
import { latestImage, streamEvent, streamRecord } from './stream-events.ts';

const services = await useLocalServices('publish-handler');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000/api' };
Object.assign(process.env, { FEEDS_BASE_URL: env.FEEDS_BASE_URL, PUBLIC_BASE_URL: env.PUBLIC_BASE_URL });
const repository = new DynamoArticleRepository(
  services.documents,
  services.tableName,
);
const objects = (a: Article): VersionObjects => ({ raw: `raw/${a.id}/v${a.version}.txt`, json: `articles/${a.id}/v${a.version}.json`, ninjs: `articles/${a.id}/v${a.version}.ninjs.json` });

/** Writes `after` through the real repository and returns the stream event that write produces. */
async function write(after: Article): Promise<DynamoDBStreamEvent> {
  const before = await repository.get(after.id);
  const oldImage = await latestImage(services.dynamoDb, services.tableName, after.id);
  await repository.write({ ...(before ? { before } : {}), after, objects: objects(after) });
  return streamEvent(streamRecord(after.id, oldImage, await latestImage(services.dynamoDb, services.tableName, after.id)));
}

async function object(key: string) {
  const result = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
  return { body: await result.Body!.transformToString('utf8'), contentType: result.ContentType, cacheControl: result.CacheControl, etag: result.ETag, lastModified: result.LastModified };
}
const head = (key: string) => services.s3.send(new HeadObjectCommand({ Bucket: services.bucketName, Key: key }));

const reference = referenceArticle();
const other = makeArticle({
  id: 'dev-iraq',
  publisher: { id: 'frontline-dispatch', name: 'Frontline Dispatch' },
  tags: tagsFor(['frontline-dispatch', 'iraq', 'mosul']),
  publishedAt: '2019-01-10T01:00:00.000Z',
  updatedAt: '2019-01-10T01:00:00.000Z',
});

let hub: RecordingHub;
beforeAll(async () => {
  hub = await startRecordingHub();
});
afterAll(async () => {
  await hub.close();
});

describe('the publish function', () => {
  it('writes every affected feed in three formats with media types and Cache-Control', async () => {
    const result = await handler(await write(reference));
    expect(result).toEqual({ batchItemFailures: [] });

    const keys = await services.listKeys('feeds/');
    const feeds = ['feeds/all', 'feeds/publishers/opslens', ...reference.tags.map((t) => `feeds/tags/${t.id}`)];
    // Three files a feed, no gzip twin: CloudFront compresses all three (Atom and JSON Feed stored under generic types, below).
    const formats = ['atom', 'json', 'rss'];
    // No archive page yet (RFC 5005 history: test/publish/archives.test.ts): one article fills none.
    expect(keys).toEqual(feeds.flatMap((f) => formats.map((ext) => `${f}.${ext}`)).sort());

    const rss = await object('feeds/tags/syria.rss');
    expect(rss).toMatchObject({ contentType: 'application/rss+xml; charset=utf-8', cacheControl: 'public, max-age=60, s-maxage=0' });
    expect(parseRssFeed(rss.body).items?.map((i) => i.title)).toEqual([reference.headline]);
    // Stored as application/xml and application/json, which CloudFront compresses; its viewer-response
    // function gives viewers application/atom+xml and application/feed+json (test/infra/cloudfront/feed-response.test.ts).
    expect((await object('feeds/tags/syria.atom')).contentType).toBe('application/xml; charset=utf-8');
    const json = await object('feeds/tags/syria.json');
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(parseJsonFeed(json.body).feed_url).toBe('http://127.0.0.1:3000/feeds/tags/syria.json');
  });

  it('leaves unchanged feeds alone when the same change arrives again', async () => {
    const event = await write(other);
    await handler(event);
    const before = await head('feeds/all.rss');
    const deps = composePublish(env);
    const files: FeedFileStore = { storedHash: (k) => deps.files.storedHash(k), write: async (f) => { throw new Error(`rewrote ${f.key}`); } };
    const again = await handleStreamEvent(event, { ...deps, files });
    expect(again).toEqual({ batchItemFailures: [] });
    const after = await head('feeds/all.rss');
    expect([after.ETag, after.LastModified]).toEqual([before.ETag, before.LastModified]);
  });

  it('moves a corrected article between tag feeds and removes a withdrawn one from every feed', async () => {
    const corrected = { ...other, version: 2, tags: tagsFor(['frontline-dispatch', 'iraq', 'baghdad']), updatedAt: '2019-01-11T00:00:00.000Z' };
    const events: ArticleEvent[] = [];
    const deps = composePublish(env, async (batch) => void events.push(...batch));
    await handleStreamEvent(await write(corrected), deps);
    expect(parseAtomFeed((await object('feeds/tags/mosul.atom')).body).entries ?? []).toEqual([]);
    expect(parseAtomFeed((await object('feeds/tags/baghdad.atom')).body).entries?.map((e) => e.updated)).toEqual(['2019-01-11T00:00:00Z']);

    const withdrawn = { ...corrected, status: 'withdrawn' as const, withdrawnAt: '2019-01-12T00:00:00.000Z', updatedAt: '2019-01-12T00:00:00.000Z' };
    await handleStreamEvent(await write(withdrawn), deps);
    for (const feed of ['all', 'tags/iraq', 'tags/baghdad', 'publishers/frontline-dispatch']) {
      const items = parseJsonFeed((await object(`feeds/${feed}.json`)).body).items ?? [];
      expect(items.map((i) => i.id), feed).not.toContain('tag:127.0.0.1,2025:article/dev-iraq');
    }
    expect(events.map((e) => [e.type, e.article.id, e.article.version])).toEqual([
      ['article.updated', 'dev-iraq', 2],
      ['article.withdrawn', 'dev-iraq', 2],
    ]);
  });

  it('publishes an image-only correction: new bytes in the feeds and the page, and article.updated', async () => {
    const pictured = { ...illustratedArticle(), id: 'pic-only', tags: tagsFor(['opslens', 'turkey']) };
    const events: ArticleEvent[] = [];
    const deps = composePublish(env, async (batch) => void events.push(...batch));
    await handleStreamEvent(await write(pictured), deps);
    const [lead, ...rest] = pictured.media!;
    const newLead = { ...lead!, url: 'https://cdn.example.org/bridge-at-night.jpg', caption: 'The bridge at night', renditions: [] };
    await handleStreamEvent(await write({ ...pictured, version: 2, media: [newLead, ...rest], updatedAt: '2024-04-02T12:00:00.000Z' }), deps);

    expect(parseJsonFeed((await object('feeds/tags/turkey.json')).body).items?.[0]?.image).toBe('https://cdn.example.org/bridge-at-night.jpg');
    expect(parseRssFeed((await object('feeds/tags/turkey.rss')).body).items?.[0]?.enclosures?.[0]?.url).toBe('https://cdn.example.org/bridge-at-night.jpg');
    const page = (await object('pages/articles/pic-only.html')).body;
    expect(page).toContain('https://cdn.example.org/bridge-at-night.jpg');
    expect(page).not.toContain('https://cdn.example.org/bridge.jpg');
    expect(events.map((e) => [e.type, e.article.version])).toEqual([['article.published', 1], ['article.updated', 2]]);
  });

  it('tells the WebSub hub about each file it changed, and only those', async () => {
    const deps = composePublish({ ...env, WEBSUB_HUB_URL: hub.url });
    const fresh = makeArticle({ id: 'hub-1', tags: tagsFor(['opslens', 'jordan']), publishedAt: '2024-06-01T00:00:00.000Z', updatedAt: '2024-06-01T00:00:00.000Z' });
    const event = await write(fresh);
    await handleStreamEvent(event, deps);
    const urls = hub.requests.map((r) => r.form['hub.url']).sort();
    expect(hub.requests.every((r) => r.form['hub.mode'] === 'publish')).toBe(true);
    expect(urls).toEqual(
      ['feeds/all', 'feeds/publishers/opslens', 'feeds/tags/jordan', 'feeds/tags/opslens']
        .flatMap((f) => ['atom', 'json', 'rss'].map((ext) => `http://127.0.0.1:3000/${f}.${ext}`))
        .sort(),
    );
    expect(parseRssFeed((await object('feeds/all.rss')).body).atom?.links?.map((l) => l.rel)).toContain('hub');
    hub.requests.length = 0;
    await handleStreamEvent(event, deps);
    expect(hub.requests).toEqual([]);
  });

  it('does not fail records when the hub is down (the feeds are written), but does when webhook hand-over fails', async () => {
    hub.answer(503);
    const warnings: string[] = [];
    const deps = { ...composePublish({ ...env, WEBSUB_HUB_URL: hub.url }, async () => undefined), warn: (m: string) => void warnings.push(m) };
    const event = await write(makeArticle({ id: 'hub-down', tags: tagsFor(['opslens', 'georgia']), publishedAt: '2024-06-03T00:00:00.000Z', updatedAt: '2024-06-03T00:00:00.000Z' }));
    expect(await handleStreamEvent(event, deps)).toEqual({ batchItemFailures: [] });
    expect(warnings).toContain('WebSub hub not notified');
    expect(await services.listKeys('feeds/tags/georgia')).toHaveLength(3); // rss, atom, json
    hub.answer(204);

    const refusing = composePublish(env, () => Promise.reject(new Error('queue unavailable')));
    const next = await write(makeArticle({ id: 'queue-down', tags: tagsFor(['opslens', 'afghanistan']) }));
    expect(await handleStreamEvent(next, refusing)).toEqual({ batchItemFailures: [{ itemIdentifier: next.Records[0]?.dynamodb?.SequenceNumber }] });
  });

  it('fails only the record whose event could be neither queued nor parked; its neighbours are handed over', async () => {
    const first = await write(makeArticle({ id: 'handover-a', tags: tagsFor(['opslens', 'raqqa']), publishedAt: '2024-06-04T00:00:00.000Z', updatedAt: '2024-06-04T00:00:00.000Z' }));
    const second = await write(makeArticle({ id: 'handover-b', tags: tagsFor(['opslens', 'raqqa']), publishedAt: '2024-06-05T00:00:00.000Z', updatedAt: '2024-06-05T00:00:00.000Z' }));
    const handed: string[] = [];
    const deps = composePublish(env, async (events) => {
      handed.push(...events.map((e) => e.article.id));
      return events.filter((e) => e.article.id === 'handover-a');
    });
    const result = await handleStreamEvent(streamEvent(...first.Records, ...second.Records), deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: first.Records[0]?.dynamodb?.SequenceNumber }]);
    expect(handed).toEqual(['handover-a', 'handover-b']);
  });

  it('renders an article whose body was too large for its items from the whole article in S3', async () => {
    const paragraph = 'A very long report paragraph about reconstruction. '.repeat(40);
    const body = Array.from({ length: 160 }, () => paragraph);
    const long = makeArticle({ id: 'long-1', body, bodyHtml: body.map((p) => `<p>${p}</p>`).join(''), tags: tagsFor(['opslens', 'erbil']), publishedAt: '2024-06-02T00:00:00.000Z', updatedAt: '2024-06-02T00:00:00.000Z' });
    await new S3ContentStore(s3Objects(services.bucketName)).put(objects(long).json, JSON.stringify(long), 'application/json');
    const events: ArticleEvent[] = [];
    const event = await write(long);
    expect(event.Records[0]?.dynamodb?.NewImage?.bodyRef).toEqual({ S: objects(long).json });
    await handleStreamEvent(event, composePublish(env, async (batch) => void events.push(...batch)));
    const item = parseJsonFeed((await object('feeds/tags/erbil.json')).body).items?.[0];
    expect(item?.content_html).toBe(long.bodyHtml);
    expect(events[0]?.article.body).toEqual(body);
  });

  it('reports only the records that failed: an unreadable image and the records of a feed it could not write', async () => {
    const good = makeArticle({ id: 'good-1', tags: tagsFor(['opslens', 'kobani']), publishedAt: '2024-07-01T00:00:00.000Z', updatedAt: '2024-07-01T00:00:00.000Z' });
    const goodEvent = await write(good);
    const bad = streamRecord('bad-1', undefined, { pk: { S: 'ARTICLE#bad-1' }, sk: { S: 'LATEST' }, headline: { S: 'no body' } });
    const { result, lines } = await captureLogLines(() => handler(streamEvent(bad, ...goodEvent.Records)));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'stream record not readable; reported for retry', eventID: bad.eventID }));
    expect(parseRssFeed((await object('feeds/tags/kobani.rss')).body).items?.map((i) => i.title)).toEqual([good.headline]);

    // A fault S3 cannot be made to produce on demand: one feed's write fails.
    const deps = composePublish(env);
    const flaky: FeedFileStore = {
      storedHash: () => Promise.resolve(undefined),
      write: (file) => (file.key.startsWith('feeds/tags/tabqa') ? Promise.reject(new Error('injected')) : deps.files.write(file)),
    };
    const tabqa = await write(makeArticle({ id: 'tabqa-1', tags: tagsFor(['opslens', 'tabqa']), publishedAt: '2024-07-02T00:00:00.000Z', updatedAt: '2024-07-02T00:00:00.000Z' }));
    const unrelated = await write(makeArticle({ id: 'kirkuk-1', publisher: { id: 'sentry-review', name: 'The Sentry Review' }, tags: tagsFor(['sentry-review', 'kirkuk']) }));
    const partial = await handleStreamEvent(streamEvent(...tabqa.Records, ...unrelated.Records), { ...deps, files: flaky });
    expect(partial.batchItemFailures).toEqual([{ itemIdentifier: tabqa.Records[0]?.dynamodb?.SequenceNumber }]);
  });
});
