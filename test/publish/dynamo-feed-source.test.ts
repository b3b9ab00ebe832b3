/**
 * A feed keeps its full item count however large its articles are: one Query
 * returns at most 1 MB, so the feed source pages on until it has its limit.
 * Six articles of about 150 KB of text (about 290 KB as items, text and HTML,
 * still inline in their LATEST items, which the slim feed entries point at) on
 * top of fifty small ones, rendered in all three formats, still make 50 items.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { renderFeed } from '../../functions/core/feeds/render.ts';
import { DEFAULT_ITEM_LIMIT } from '../../functions/core/feeds/view.ts';
import { DynamoFeedSource } from '../../functions/publish/dynamo-feed-source.ts';
import { makeArticle, settings } from '../core/feeds/fixtures.ts';
import { feedIndexer } from '../support/feed-indexer.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('feed-source');
const documents = services.documents;
const repository = new DynamoArticleRepository(documents, services.tableName);
const source = new DynamoFeedSource(documents, services.tableName, async () => {
  throw new Error('no body is offloaded in this test');
});

const at = (minute: number) => new Date(Date.UTC(2024, 2, 1, 12, minute)).toISOString();
async function store(article: Article) {
  const objects = { raw: `raw/${article.id}`, json: `articles/${article.id}.json`, ninjs: `articles/${article.id}.ninjs.json` };
  await repository.write({ after: article, objects });
}

describe('the feed query', () => {
  it('pages past 1 MB: six ~150 KB articles and fifty small ones still give 50 items in every format', async () => {
    for (let i = 0; i < DEFAULT_ITEM_LIMIT; i++) await store(makeArticle({ id: `small-${i}`, publishedAt: at(i), updatedAt: at(i) }));
    const paragraph = 'Engineers reopened the bridge after a long repair of its deck and its piers. '.repeat(40);
    for (let i = 0; i < 6; i++) {
      const body = Array.from({ length: 46 }, (_, k) => `${k} ${paragraph}`);
      await store(makeArticle({ id: `large-${i}`, body, publishedAt: at(100 + i), updatedAt: at(100 + i) }));
    }
    const stored = await services.scanAll();
    const large = stored.filter((item) => String(item.pk).startsWith('ARTICLE#large-') && item.sk === 'LATEST');
    expect(large).toHaveLength(6);
    for (const item of large) expect(Buffer.byteLength(JSON.stringify(item)), "inline").toBeGreaterThan(280_000);

    // Feed entries follow the stream (functions/publish/feed-entries.ts).
    await feedIndexer(services).catchUp();
    const latest = await source.latest('all', DEFAULT_ITEM_LIMIT);
    expect(latest).toHaveLength(DEFAULT_ITEM_LIMIT);
    expect(latest.slice(0, 6).map((a) => a.id)).toEqual(['large-5', 'large-4', 'large-3', 'large-2', 'large-1', 'large-0']);

    const [rss, atom, json] = renderFeed('all', latest, settings).map((f) => f.body) as [string, string, string];
    expect(parseRssFeed(rss).items).toHaveLength(DEFAULT_ITEM_LIMIT);
    expect(parseAtomFeed(atom).entries).toHaveLength(DEFAULT_ITEM_LIMIT);
    expect(parseJsonFeed(json).items).toHaveLength(DEFAULT_ITEM_LIMIT);
  });
});
