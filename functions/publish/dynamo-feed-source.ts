/**
 * A feed's latest articles from its feed index (functions/adapters/feed-index.ts): one Query of
 * `limit` slim entries per shard, merged newest first, then the articles themselves from their LATEST
 * items (one BatchGetItem). Strongly consistent, because the stream can deliver a change before an
 * eventually consistent read would see it, and a feed rendered from a stale read would miss that
 * change until some later write touched the same feed. Articles whose listed state this container
 * already holds are not read again (article-cache.ts).
 *
 * A body too large for the item lives in S3 and is read from there.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { Article } from '../core/article/schema.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import { FeedIndex, type IndexEntry } from '../adapters/feed-index.ts';
import { ArticleCache } from './article-cache.ts';
import { storedImageOf, type StoredImage } from './stream-records.ts';
import type { FeedSource, IndexPosition } from './ports.ts';

export class DynamoFeedSource implements FeedSource {
  private readonly index: FeedIndex;
  /** Per container: one source lives as long as the handler's composed dependencies. */
  readonly cache = new ArticleCache();

  constructor(
    documents: DynamoDocuments,
    tableName: string,
    private readonly readFullArticle: (bodyRef: string) => Promise<Article>,
  ) {
    this.index = new FeedIndex(documents, tableName, true, (item) => storedImageOf(item, `article item ${String(item.pk)}`));
  }

  remember(articleId: string, image: StoredImage | undefined): void {
    this.cache.remember(articleId, image);
  }

  async latest(feed: FeedKey, limit: number): Promise<Article[]> {
    return this.articlesOf((await this.index.page(feed, { limit })).entries);
  }

  oldestAfter(feed: FeedKey, after: string | undefined, limit: number): Promise<IndexPosition[]> {
    return this.index.oldestAfter(feed, after, limit);
  }

  async between(feed: FeedKey, from: string | undefined, to: string): Promise<Article[]> {
    return this.articlesOf(await this.index.between(feed, from, to));
  }

  private async articlesOf(entries: readonly IndexEntry[]): Promise<Article[]> {
    const stored = await this.cache.articles(entries, (ids) => this.index.articlesById(ids));
    return Promise.all(stored.map((s) => (s.bodyRef ? this.readFullArticle(s.bodyRef) : s.article)));
  }
}
