/**
 * Publish reads each state of an article at most once per container: a render's reads are its
 * feed's index Query and the articles whose listed state (the stamp on their entries) it has not
 * seen. A correction or a takedown is never served from what it held, on DynamoDB Local.
 */
import { BatchGetCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { describe, expect, it } from 'vitest';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { ArticleCache } from '../../functions/publish/article-cache.ts';
import { DynamoFeedSource } from '../../functions/publish/dynamo-feed-source.ts';
import { sampleArticle, tag } from '../support/articles.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('article-cache');
const documents = services.documents;
const repository = new DynamoArticleRepository(documents, services.tableName);
const entries = new DynamoFeedEntries(documents, services.tableName);
const objects = (a: Article) => ({ raw: `raw/${a.id}`, json: `articles/${a.id}/v${a.version}.json`, ninjs: `articles/${a.id}/v${a.version}.ninjs.json` });

/** A source whose BatchGetItem keys are counted as the table receives them. */
function countedSource() {
  const counted = { keys: 0 };
  const client = new Proxy(documents, {
    get(target, name, receiver) {
      if (name !== 'send') return Reflect.get(target, name, receiver);
      return (command: unknown) => {
        const batch = command as InstanceType<typeof BatchGetCommand>;
        if (batch instanceof BatchGetCommand) counted.keys += Object.values(batch.input.RequestItems ?? {}).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
        return target.send(batch);
      };
    },
  });
  const source = new DynamoFeedSource(client, services.tableName, async () => {
    throw new Error('no body is offloaded in this test');
  });
  return { source, counted };
}

const minute = (n: number) => new Date(Date.UTC(2024, 4, 1, 8, n)).toISOString();
const make = (n: number, tags: string[]) => sampleArticle({ id: `cache-${n}`, headline: `Report ${n}`, tags: tags.map((t) => tag(t)), publishedAt: minute(n), updatedAt: minute(n) });
async function publish(article: Article) {
  await repository.write({ after: article, objects: objects(article) });
  await entries.writeEntriesOf([], article);
}
async function change(before: Article, after: Article, { index = true } = {}) {
  await repository.write({ before: { article: before, objects: objects(before) }, after, objects: objects(after) });
  if (index) await entries.writeEntriesOf([before], after);
}
const headlines = async (source: DynamoFeedSource, feed: Parameters<DynamoFeedSource['latest']>[0]) => (await source.latest(feed, 50)).map((a) => a.headline);

describe('the articles publish reads for its renders', () => {
  const articles = [1, 2, 3, 4, 5].map((n) => make(n, n <= 3 ? ['cache-north', 'cache-coast'] : ['cache-north']));

  it('reads each article once for all the feeds it is in, then only what changed; corrections and takedowns show at once', async () => {
    for (const article of articles) await publish(article);
    const { source, counted } = countedSource();

    expect(await headlines(source, 'tag/cache-north')).toEqual(['Report 5', 'Report 4', 'Report 3', 'Report 2', 'Report 1']);
    expect(counted.keys).toBe(5);
    // The other feeds of the same articles, and the same feed again: nothing more is read.
    expect(await headlines(source, 'tag/cache-coast')).toEqual(['Report 3', 'Report 2', 'Report 1']);
    expect(await headlines(source, 'tag/cache-north')).toHaveLength(5);
    expect(counted.keys).toBe(5);

    // A correction writes its entries again with a new stamp: read again, the new headline shown.
    const corrected = { ...articles[1]!, version: 2, headline: 'Report 2, corrected', updatedAt: minute(30) };
    await change(articles[1]!, corrected);
    expect(await headlines(source, 'tag/cache-coast')).toEqual(['Report 3', 'Report 2, corrected', 'Report 1']);
    expect(counted.keys).toBe(6);
    expect(await headlines(source, 'tag/cache-north')).toContain('Report 2, corrected');
    expect(counted.keys).toBe(6);

    // A takedown deletes its entries: no render lists it, nothing is read.
    const withdrawn = { ...articles[2]!, status: 'withdrawn' as const, withdrawnAt: minute(31), updatedAt: minute(31) };
    await change(articles[2]!, withdrawn);
    expect(await headlines(source, 'tag/cache-coast')).toEqual(['Report 2, corrected', 'Report 1']);
    expect(await headlines(source, 'tag/cache-north')).not.toContain('Report 3');
    expect(counted.keys).toBe(6);
  });

  it('shares a read between renders asking at the same moment', async () => {
    const { source, counted } = countedSource();
    const [north, coast] = await Promise.all([source.latest('tag/cache-north', 50), source.latest('tag/cache-coast', 50)]);
    expect(north).toHaveLength(4);
    expect(coast).toHaveLength(2);
    expect(counted.keys).toBe(4);
  });

  it('needs no read for what the batch itself gave, and drops what the batch replaced even where the index lags behind', async () => {
    const { source, counted } = countedSource();
    await source.latest('tag/cache-north', 50);
    const held = counted.keys;

    const fresh = make(6, ['cache-north']);
    await publish(fresh);
    source.remember(fresh.id, { article: fresh });
    expect((await headlines(source, 'tag/cache-north'))[0]).toBe('Report 6');
    expect(counted.keys).toBe(held);

    // Withdrawn in the table, its entries not yet deleted (the write failed; the record will be retried): left out, from a fresh read.
    const withdrawn = { ...articles[3]!, status: 'withdrawn' as const, withdrawnAt: minute(40), updatedAt: minute(40) };
    await change(articles[3]!, withdrawn, { index: false });
    source.remember(withdrawn.id, { article: withdrawn });
    expect(await headlines(source, 'tag/cache-north')).not.toContain('Report 4');
    expect(counted.keys).toBe(held + 1);
    expect(await headlines(source, 'tag/cache-north')).not.toContain('Report 4');
    expect(counted.keys).toBe(held + 1);
  });
});

describe('the article cache', () => {
  const stored = (id: string, words: number) => ({ article: sampleArticle({ id, body: ['word '.repeat(words)] }) });
  const entry = (id: string, stamp = 's1') => ({ sk: `2024#${id}`, articleId: id, stamp });

  it('keeps within its byte bound, least recently used out first', async () => {
    const cache = new ArticleCache(42_000); // room for three articles of about 12 KB (their body and its HTML, 5 KB each, and 2 KB)
    const read = async (ids: string[]) => new Map(ids.map((id) => [id, stored(id, 1000)]));
    await cache.articles(['a', 'b', 'c'].map((id) => entry(id)), read);
    await cache.articles([entry('a')], read); // a used again: b is now the oldest
    await cache.articles([entry('d')], read);
    expect(cache.reads).toBe(4);
    await cache.articles([entry('a'), entry('c'), entry('d')], read);
    expect(cache.reads).toBe(4);
    await cache.articles([entry('b')], read);
    expect(cache.reads).toBe(5);
  });

  it('reads again an article whose entry names another state, and leaves out one no longer published', async () => {
    const cache = new ArticleCache();
    let version = 1;
    const read = async (ids: string[]) => new Map(ids.map((id) => [id, { article: sampleArticle({ id, version, status: version > 2 ? 'withdrawn' : 'published' }) }]));
    expect((await cache.articles([entry('x', 's1')], read)).map((s) => s.article.version)).toEqual([1]);
    version = 2;
    expect((await cache.articles([entry('x', 's1')], read)).map((s) => s.article.version)).toEqual([1]);
    expect((await cache.articles([entry('x', 's2')], read)).map((s) => s.article.version)).toEqual([2]);
    version = 3;
    expect(await cache.articles([entry('x', 's3')], read)).toEqual([]);
    expect(cache.reads).toBe(3);
  });
});
