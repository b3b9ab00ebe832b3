/**
 * Feed figures, each beside its baseline from the same run:
 *
 * - `feeds.rssItemsPerSec` against the npm `feed` package on the same 1,000
 *   articles (`feeds.vsFeedPackage` = ours ÷ theirs; > 1 means we are faster).
 *   Both sides start from `Article` objects and produce a complete RSS 2.0
 *   document, so the comparison includes building the items.
 * - `feeds.regenerateMs`: publishing one new article (every feed it touches,
 *   three formats, against DynamoDB Local and s3rver) with 20,000 articles
 *   already in those feeds, beside the same with 200
 *   (`feeds.archiveScaleRatio` = 20,000 ÷ 200; ~1 means the archive does not matter). Both histories
 *   are already cut into RFC 5005 archive pages of 50, as publish keeps them (`seedPages`).
 * - `feeds.batchRenderMs`: what publish computes for a batch of one new article, every feed it is in
 *   rendered from its newest 50 entries in three formats plus its page, each file hashed, over the
 *   articles of the cost run's mix (bench/cost/articles.ts, processed for real), with publish's entry
 *   cache warm as in a busy container (functions/publish/entry-cache.ts), beside the same without it
 *   (`feeds.batchRenderMsUncached`; `feeds.entryCacheSpeedup` = uncached ÷ cached).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Feed } from 'feed';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { BatchWriteCommand } from '#commons/clients/dynamo-commands.ts';
import { articleItems, feedEntryItems } from '../../functions/adapters/article-item.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import { S3ContentStore } from '../../functions/adapters/s3-store.ts';
import { createBucket, createTable, documentsFor, dynamoDbClientFor, s3ClientFor, s3ObjectsFor, startLocalServices } from '../../infra/local/services.ts';
import { DynamoFeedSource } from '../../functions/publish/dynamo-feed-source.ts';
import { publishChanges, type PublishDependencies } from '../../functions/publish/publish-changes.ts';
import { S3FeedFiles } from '../../functions/publish/s3-feed-files.ts';
import { DynamoFeedState, pageItem, stateItem } from '../../functions/publish/dynamo-feed-state.ts';
import type { FeedState } from '../../functions/publish/ports.ts';
import { feedsOf } from '../../functions/core/feeds/keys.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { renderRss } from '../../functions/core/feeds/rss.ts';
import { feedView, type FeedSettings } from '../../functions/core/feeds/view.ts';
import { renderFeedView } from '../../functions/core/feeds/render.ts';
import { renderFeedSitePage } from '../../functions/core/site/render.ts';
import { processArticle } from '../../functions/core/pipeline/process-article.ts';
import { createTagger } from '../../functions/core/tagging/tagger.ts';
import { EntryFragmentCache } from '../../functions/publish/entry-cache.ts';
import { fileHash } from '../../functions/publish/file-writer.ts';
import { articleMix, mixSequence, numberedArticle } from '../cost/articles.ts';

export const name = 'feeds';

const ITEMS = 1000;
const settings: FeedSettings = {
  feedsBaseUrl: 'https://feeds.example.com',
  publicBaseUrl: 'https://api.example.com',
  siteTitle: 'Syndicate',
  idAuthority: 'feeds.example.com,2025',
  hubUrl: 'https://hub.example.com/',
  itemLimit: ITEMS,
};

const sentence = 'Coalition engineers said on Tuesday that clearance of the “old quarter” would take months & more – perhaps years.';

/** A plausible news article: five paragraphs of ~100 words, a handful of tags. */
export function syntheticArticle(i: number): Article {
  const body = Array.from({ length: 5 }, (_, p) => `${sentence} Paragraph ${p + 1} of article ${i}. ${sentence} ${sentence}`);
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  return {
    id: `bench-${String(i).padStart(6, '0')}`,
    version: 1,
    status: 'published',
    fingerprint: createHash('sha256').update(String(i)).digest('hex'),
    publisher: { id: 'opslens', name: 'OpsLens' },
    headline: `Article ${i}: engineers begin clearing the old quarter`,
    byline: 'Jane Roe',
    body,
    bodyHtml: body.map((p) => `<p>${p.replace(/&/g, '&amp;')}</p>`).join(''),
    summary: body[0] ?? '',
    language: 'en',
    slug: `article-${i}`,
    wordCount: 500,
    readingTimeMinutes: 3,
    tags: ['opslens', 'syria', 'raqqa', 'sdf', 'isis'].map((id, n) => ({
      id,
      label: id.toUpperCase(),
      type: n === 0 ? ('publisher' as const) : ('place' as const),
      mentions: 1,
      firstOffset: n,
      implied: false,
    })),
    notes: [],
    source: { format: 'text' },
    publishedAt: at,
    updatedAt: at,
  };
}

function ours(articles: readonly Article[]): string {
  return renderRss(feedView('all', articles, settings));
}

function feedPackage(articles: readonly Article[]): string {
  const feed = new Feed({
    id: 'https://feeds.example.com/feeds/all.rss',
    title: 'Syndicate: all articles',
    link: 'https://api.example.com/articles',
    description: 'Latest articles from every publisher',
    language: 'en',
    updated: new Date(articles[articles.length - 1]?.updatedAt ?? 0),
    feedLinks: { rss: 'https://feeds.example.com/feeds/all.rss' },
    hub: settings.hubUrl,
    copyright: '',
  });
  for (const a of articles) {
    feed.addItem({
      title: a.headline,
      id: `https://api.example.com/articles/${a.id}`,
      link: `https://api.example.com/articles/${a.id}`,
      date: new Date(a.publishedAt),
      description: a.summary,
      content: a.bodyHtml,
      author: [{ name: a.byline ?? a.publisher.name }],
      category: a.tags.map((t) => ({ name: t.id, domain: 'https://feeds.example.com/feeds/tags/' })),
    });
  }
  return feed.rss2();
}

/** Items per second over repeated renders lasting at least `minMs`. */
function itemsPerSecond(render: (a: readonly Article[]) => string, articles: readonly Article[], minMs: number): number {
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    render(articles);
    rounds += 1;
    elapsed = performance.now() - start;
  }
  return (rounds * articles.length) / (elapsed / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Both renderers measured in alternating rounds, so load from other processes
 * on a shared machine hits both sides alike; medians of the rounds.
 */
function compare(articles: readonly Article[], rounds = 5, msPerSide = 400) {
  for (let i = 0; i < 3; i++) {
    ours(articles);
    feedPackage(articles);
  }
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = itemsPerSecond(ours, articles, msPerSide);
    const b = itemsPerSecond(feedPackage, articles, msPerSide);
    oursRates.push(a);
    theirRates.push(b);
    ratios.push(a / b);
  }
  return { ours: median(oursRates), theirs: median(theirRates), ratio: median(ratios) };
}

/** An archive article: one tag, one short paragraph (only the newest 50 of a feed are ever read). */
function archiveArticle(i: number): Article {
  const article = syntheticArticle(i);
  const body = [`Archive article ${i}.`];
  return { ...article, body, bodyHtml: `<p>${body[0]}</p>`, summary: body[0] ?? '', tags: article.tags.slice(1, 2) };
}

/** Feed-index and LATEST items for `articles`, as the repository lays them out, in BatchWrite-sized chunks. */
async function seed(documents: DynamoDocuments, tableName: string, articles: readonly Article[]): Promise<void> {
  const items = articles.flatMap((a) => {
    const all = articleItems(a, { raw: `raw/${a.id}`, json: `articles/${a.id}/v1.json`, ninjs: `articles/${a.id}/v1.ninjs.json` });
    return [all.latest, ...feedEntryItems(a).map((f) => f.item)];
  });
  await putAll(documents, tableName, items);
}

/** BatchWrites `items`, eight batches of 25 at a time. */
async function putAll(documents: DynamoDocuments, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const write = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  };
  for (let i = 0; i < chunks.length; i += 8) await Promise.all(chunks.slice(i, i + 8).map(write));
}

/**
 * The archive pages of a history seeded straight into the table, as publish would have cut them (every
 * `pageSize` entries, oldest first): page items and the feed's state, no files (only a correction or
 * withdrawal would render an old page). So the measure is a feed with its history in pages, not one
 * catching up after an upgrade (four pages a render: functions/publish/archive-pages.ts).
 */
async function seedPages(documents: DynamoDocuments, tableName: string, articles: readonly Article[], pageSize: number): Promise<void> {
  const sks = articles.map((a) => `${a.publishedAt}#${a.id}`).sort();
  const items: Record<string, unknown>[] = [];
  for (const feed of feedsOf(articles[0]!)) {
    let state: FeedState = { pages: 0, files: {} };
    for (let end = pageSize - 1; end < sks.length; end += pageSize) {
      const page = { number: state.pages + 1, ...(state.lastTo ? { from: state.lastTo } : {}), to: sks[end]!, files: {} };
      items.push(pageItem(feed, page));
      state = { ...state, pages: page.number, lastTo: page.to };
    }
    items.push(stateItem(feed, state));
  }
  await putAll(documents, tableName, items);
}

interface Archive {
  size: number;
  documents: DynamoDocuments;
  tableName: string;
  deps: PublishDependencies;
  published: number;
}

/** A table and bucket whose feeds already hold `size` articles. */
async function archive(endpoints: { dynamoDbEndpoint: string; s3Endpoint: string }, size: number): Promise<Archive> {
  const dynamoDb = dynamoDbClientFor(endpoints.dynamoDbEndpoint);
  const s3 = s3ClientFor(endpoints.s3Endpoint);
  const documents = documentsFor(endpoints.dynamoDbEndpoint);
  const tableName = `bench-feeds-${size}`;
  await createTable(dynamoDb, tableName);
  await createBucket(s3, tableName);
  const history = Array.from({ length: size }, (_, i) => archiveArticle(i));
  await seed(documents, tableName, history);
  await seedPages(documents, tableName, history, 50);
  const objects = s3ObjectsFor(endpoints.s3Endpoint, tableName);
  const content = new S3ContentStore(objects);
  const readFullArticle = (key: string) => content.readArticle(key);
  const deps: PublishDependencies = {
    settings: { ...settings, itemLimit: 50 },
    feedEntries: new DynamoFeedEntries(documents, tableName),
    source: new DynamoFeedSource(documents, tableName, readFullArticle),
    files: new S3FeedFiles(objects),
    feedState: new DynamoFeedState(documents, tableName),
    readFullArticle,
    warn: (message, details) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  };
  return { size, documents, tableName, deps, published: 0 };
}

/** Milliseconds to publish one new article (stored first, untimed) into the archive's feeds. */
async function publishOne(target: Archive): Promise<number> {
  const fresh = archiveArticle(target.size + target.published++);
  await seed(target.documents, target.tableName, [fresh]);
  const start = performance.now();
  const outcome = await publishChanges([{ sequenceNumber: String(target.published), after: { article: fresh } }], target.deps);
  const elapsed = performance.now() - start;
  if (outcome.failed.length > 0 || outcome.filesWritten.length === 0) throw new Error('bench: publishing failed');
  return elapsed;
}

/**
 * Both archives measured in alternating runs after a warm-up of each (the
 * JVM under DynamoDB Local compiles its hot paths in the first requests), so
 * warm-up and load from other processes do not land on one side only.
 */
async function regenerate(endpoints: { dynamoDbEndpoint: string; s3Endpoint: string }, runs = 9) {
  const small = await archive(endpoints, 200);
  const large = await archive(endpoints, 20_000);
  for (let i = 0; i < 3; i++) {
    await publishOne(small);
    await publishOne(large);
  }
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    smallMs.push(await publishOne(small));
    largeMs.push(await publishOne(large));
  }
  return { small: median(smallMs), large: median(largeMs) };
}

/** The cost run's mix, processed as ingest stores it, one minute apart: `prefill` to fill the feeds, then `arrivals` one by one. */
function mixArticles(count: number): Article[] {
  const mix = articleMix();
  const tagger = createTagger();
  return mixSequence(mix.length, count).map((t, n) =>
    processArticle(numberedArticle(mix[t]!.text, n, 'bench'), { contentType: 'text/plain; charset=utf-8', tagger, now: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString() }),
  );
}

/** Every feed of `fresh` over the pool with it, as a publish batch renders them; the bytes, hashed. */
function renderBatch(fresh: Article, pool: readonly Article[], using: FeedSettings): number {
  let bytes = 0;
  for (const key of feedsOf(fresh)) {
    const view = feedView(key, pool, using);
    for (const file of [...renderFeedView(view), renderFeedSitePage(view, using)]) {
      fileHash(file.contentType, file.body);
      bytes += file.body.length;
    }
  }
  return bytes;
}

/**
 * Batches of one article into feeds already full, with the entry cache (warmed by the renders before,
 * as a container is) and without, alternating so load from other processes hits both alike.
 */
export function batchRender(prefill = 104, arrivals = 40) {
  const articles = mixArticles(prefill + arrivals);
  const cached: FeedSettings = { ...settings, itemLimit: 50, entryCache: new EntryFragmentCache() };
  const plain: FeedSettings = { ...settings, itemLimit: 50 };
  const pool = articles.slice(0, prefill);
  for (const article of pool.slice(-20)) renderBatch(article, pool, cached);
  const times = { cached: [] as number[], plain: [] as number[] };
  for (const fresh of articles.slice(prefill)) {
    pool.push(fresh);
    for (const [side, using] of [['cached', cached], ['plain', plain]] as const) {
      const start = performance.now();
      renderBatch(fresh, pool, using);
      times[side].push(performance.now() - start);
    }
  }
  return { cached: median(times.cached), plain: median(times.plain) };
}

export async function run(): Promise<Record<string, number | string>> {
  const articles = Array.from({ length: ITEMS }, (_, i) => syntheticArticle(i));
  const rss = compare(articles);
  const batch = batchRender();

  const services = await startLocalServices({ stage: 'bench' });
  try {
    const { small, large } = await regenerate(services);
    return {
      'feeds.rssItemsPerSec': Math.round(rss.ours),
      'feeds.feedPackageItemsPerSec': Math.round(rss.theirs),
      'feeds.vsFeedPackage': rss.ratio,
      'feeds.batchRenderMs': batch.cached,
      'feeds.batchRenderMsUncached': batch.plain,
      'feeds.entryCacheSpeedup': batch.plain / batch.cached,
      'feeds.regenerateMs': large,
      'feeds.regenerateMsWith200': small,
      'feeds.archiveScaleRatio': large / small,
    };
  } finally {
    await services.stop();
  }
}
