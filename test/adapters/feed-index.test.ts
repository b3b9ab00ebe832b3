/**
 * The sharded feed index: a feed's entries spread over FEED_SHARDS partitions
 * are read back newest first, exactly as one partition would give them, with
 * one Query of at most `limit` items per shard and one BatchGetItem per page.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { describe, expect, it } from 'vitest';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import { FeedIndex, mergeShardPages } from '../../functions/adapters/feed-index.ts';
import { FEED_SHARDS, feedShardOf } from '../../functions/adapters/keys.ts';
import { sampleArticle } from '../support/articles.ts';
import { useLocalServices } from '../support/services.ts';

const entry = (minute: number, id: string) => ({ sk: `2024-05-01T08:${String(minute).padStart(2, '0')}:00.000Z#${id}`, articleId: id });

describe('merging shard pages', () => {
  it('orders entries newest first across shards, ties broken by id', () => {
    const merged = mergeShardPages(
      [{ entries: [entry(9, 'a'), entry(5, 'b')] }, { entries: [entry(9, 'c'), entry(7, 'd'), entry(1, 'e')] }, { entries: [] }],
      10,
    );
    expect(merged.entries.map((e) => e.articleId)).toEqual(['c', 'a', 'd', 'b', 'e']);
    expect(merged.bound).toBeUndefined();
  });

  it('keeps only what is certainly in order above a shard that stopped early', () => {
    // Shard 1 stopped at minute 6: it may hold minute 5.5 entries, so minute 5 and older are not yet certain.
    const merged = mergeShardPages([{ entries: [entry(9, 'a'), entry(5, 'b')] }, { entries: [entry(8, 'c'), entry(6, 'd')], stoppedAt: entry(6, 'd').sk }], 10);
    expect(merged.entries.map((e) => e.articleId)).toEqual(['a', 'c', 'd']);
    expect(merged.bound).toBe(entry(6, 'd').sk);
  });

  it('takes at most limit entries', () => {
    const merged = mergeShardPages([{ entries: [entry(9, 'a'), entry(8, 'b')] }, { entries: [entry(7, 'c')] }], 2);
    expect(merged.entries.map((e) => e.articleId)).toEqual(['a', 'b']);
  });
});

describe('the sharded feed index on DynamoDB Local', async () => {
  const services = await useLocalServices('feed-index');
  const documents = services.documents;
  const repository = new DynamoArticleRepository(documents, services.tableName);
  const entries = new DynamoFeedEntries(documents, services.tableName);
  const ids = Array.from({ length: 24 }, (_, i) => `art_shard${String(i).padStart(2, '0')}`);
  // Two articles share each minute, so ties across shards are exercised too.
  const published = (i: number) => `2024-05-01T09:${String(Math.floor(i / 2)).padStart(2, '0')}:00.000Z`;
  for (const [i, id] of ids.entries()) {
    const article = sampleArticle({ id, publishedAt: published(i), updatedAt: published(i) });
    await repository.write({ after: article, objects: { raw: `raw/${id}`, json: `j/${id}`, ninjs: `n/${id}` } });
    await entries.writeEntriesOf([], article); // what publish does from the stream
  }
  const expected = ids.map((id, i) => ({ id, sk: `${published(i)}#${id}` })).sort((a, b) => (a.sk < b.sk ? 1 : -1)).map((e) => e.id);

  it('spreads one feed over every shard', () => {
    expect(new Set(ids.map(feedShardOf)).size).toBe(FEED_SHARDS);
  });

  it('reads a page with one Query of at most `limit` per shard and one BatchGetItem, in global order', async () => {
    const sent: { command: string; limit?: number }[] = [];
    const index = new FeedIndex(documents, services.tableName, true);
    const uninstall = documents.intercept(async (call, next) => {
      sent.push({ command: call.command, limit: (call.input as { Limit?: number }).Limit });
      return next(call);
    });
    try {
      const page = await index.page('all', { limit: 5 });
      expect(page.entries.map((e) => e.articleId)).toEqual(expected.slice(0, 5));
      const articles = await index.articles(page.entries);
      expect(articles.map((a) => a.article.id)).toEqual(expected.slice(0, 5));
      expect(sent.filter((s) => s.command === 'QueryCommand')).toEqual(Array.from({ length: FEED_SHARDS }, () => ({ command: 'QueryCommand', limit: 5 })));
      expect(sent.filter((s) => s.command.startsWith('BatchGet'))).toHaveLength(1);
    } finally {
      uninstall();
    }
  });

  it('pages through the whole feed with cursors, each article once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.feed('all', { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((e) => e.article.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
