/**
 * Reading a feed's index (layout in ./keys.ts): the entries of one feed live in `FEED_SHARDS`
 * partitions, so a read is one Query per shard, each of at most `limit` items, merged newest first.
 * Index items are slim (article id, and `nearDuplicateOf` for `distinct` lists): the articles
 * themselves are read from their LATEST items with BatchGetItem, so a feed shows each article's current
 * state, and an entry whose article has since left the feed (withdrawn, embargoed) is dropped.
 *
 * The bound: whatever the feed's size, a page costs at most `FEED_SHARDS` Queries of `limit` slim
 * items (a `distinct` page, whose filter DynamoDB applies after the Limit, at most `maxRounds` times
 * that) and one BatchGetItem of at most `limit` articles.
 */
import { BatchGetCommand, QueryCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import { articleFromItem, type StoredArticle } from './article-item.ts';
import { articleKey, feedPartitions } from './keys.ts';

/** One index entry: its sort key (`{publishedAt}#{articleId}`) and article, and which state of it was listed (./article-stamp.ts; absent on entries written before stamps). */
export interface IndexEntry {
  sk: string;
  articleId: string;
  stamp?: string;
}

const entryOf = (item: Record<string, unknown>): IndexEntry => ({
  sk: item.sk as string,
  articleId: item.articleId as string,
  ...(typeof item.stamp === 'string' ? { stamp: item.stamp } : {}),
});

/** What one shard's Query returned: its entries newest first, and where it stopped when not at its end. */
export interface ShardPage {
  entries: IndexEntry[];
  /** Sort key of the last item the Query examined; absent when the shard has nothing further. */
  stoppedAt?: string;
}

/**
 * Merges shard pages newest first (sort keys are unique: they end with the article id) and keeps only
 * what is certainly in order: entries at or above the highest point where an unfinished shard stopped,
 * since that shard may still hold entries between there and the others' older ones. `bound` is that
 * point (absent when every shard was read to its end).
 */
export function mergeShardPages(pages: readonly ShardPage[], limit: number): { entries: IndexEntry[]; bound?: string } {
  const stops = pages.map((p) => p.stoppedAt).filter((s): s is string => s !== undefined);
  const bound = stops.length ? stops.reduce((a, b) => (a > b ? a : b)) : undefined;
  const safe = pages.flatMap((p) => p.entries).filter((e) => bound === undefined || e.sk >= bound);
  safe.sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0));
  return { entries: safe.slice(0, Math.max(0, limit)), ...(bound !== undefined ? { bound } : {}) };
}

export interface IndexQuery {
  limit: number;
  /** Only entries strictly older than this sort key (a page cursor). */
  below?: string;
  /** Leave out entries carrying `nearDuplicateOf`. */
  distinct?: boolean;
}

export interface IndexPage {
  entries: IndexEntry[];
  /** Sort key to continue below when more may follow. */
  next?: string;
}

/** Queries a `distinct` page may take per shard to fill itself. */
const maxRounds = 5;
/** BatchGetItem takes at most 100 keys. */
const batchGetKeys = 100;

export class FeedIndex {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
    /** Strongly consistent reads (publish renders right after the stream reports a change). */
    private readonly consistent: boolean,
    /** Reads a LATEST item into an article (publish checks it against the schema too). */
    private readonly read: (item: Record<string, unknown>) => StoredArticle = articleFromItem,
  ) {}

  /** The newest `limit` entries of `feed` (below a cursor), in order, with where to continue. */
  async page(feed: FeedKey, { limit, below, distinct }: IndexQuery): Promise<IndexPage> {
    const partitions = feedPartitions(feed);
    const starts = new Map<string, Record<string, unknown> | undefined>(partitions.map((pk) => [pk, undefined]));
    const collected: IndexEntry[][] = partitions.map(() => []);
    let merged: { entries: IndexEntry[]; bound?: string } = { entries: [] };
    let open = partitions.map((_, i) => i);
    for (let round = 0; round < (distinct ? maxRounds : 1) && open.length > 0; round += 1) {
      await Promise.all(
        open.map(async (i) => {
          const pk = partitions[i]!;
          const result = await this.documents.send(
            new QueryCommand({
              TableName: this.tableName,
              KeyConditionExpression: below === undefined ? 'pk = :pk' : 'pk = :pk AND sk < :below',
              ExpressionAttributeValues: { ':pk': pk, ...(below === undefined ? {} : { ':below': below }) },
              ScanIndexForward: false,
              Limit: limit,
              ConsistentRead: this.consistent,
              ProjectionExpression: 'sk, articleId, stamp',
              ...(distinct ? { FilterExpression: 'attribute_not_exists(nearDuplicateOf)' } : {}),
              ...(starts.get(pk) ? { ExclusiveStartKey: starts.get(pk) } : {}),
            }),
          );
          collected[i]!.push(...(result.Items ?? []).map(entryOf));
          starts.set(pk, result.LastEvaluatedKey);
        }),
      );
      merged = mergeShardPages(
        partitions.map((pk, i) => ({ entries: collected[i]!, ...(starts.get(pk) ? { stoppedAt: starts.get(pk)!.sk as string } : {}) })),
        limit,
      );
      if (merged.entries.length >= limit) break;
      open = open.filter((i) => starts.get(partitions[i]!) !== undefined);
    }
    const all = collected.flat().filter((e) => merged.bound === undefined || e.sk >= merged.bound).length;
    // More may follow when a shard stopped early or the merge left entries out; a short page stops at the bound.
    const more = merged.bound !== undefined || all > merged.entries.length;
    const next = merged.entries.length >= limit ? merged.entries.at(-1)?.sk : merged.bound;
    return { entries: merged.entries, ...(more && next ? { next } : {}) };
  }

  /**
   * The oldest `limit` entries of `feed` strictly after sort key `after` (from the start when absent),
   * oldest first: one ascending Query of at most `limit` items per shard. The merged first `limit` are
   * exact, since no shard can hold more than `limit` of them.
   */
  async oldestAfter(feed: FeedKey, after: string | undefined, limit: number): Promise<IndexEntry[]> {
    const shards = await Promise.all(
      feedPartitions(feed).map(async (pk) => {
        const result = await this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: after === undefined ? 'pk = :pk' : 'pk = :pk AND sk > :after',
            ExpressionAttributeValues: { ':pk': pk, ...(after === undefined ? {} : { ':after': after }) },
            ScanIndexForward: true,
            Limit: limit,
            ConsistentRead: this.consistent,
            ProjectionExpression: 'sk, articleId',
          }),
        );
        return (result.Items ?? []).map((item) => ({ sk: item.sk as string, articleId: item.articleId as string }));
      }),
    );
    return shards.flat().sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0)).slice(0, limit);
  }

  /** Every entry of `feed` with a sort key in (`from`, `to`] (from the start when `from` is absent), newest first: one archive page. */
  async between(feed: FeedKey, from: string | undefined, to: string): Promise<IndexEntry[]> {
    const shards = await Promise.all(
      feedPartitions(feed).map(async (pk) => {
        const entries: IndexEntry[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const result = await this.documents.send(
            new QueryCommand({
              TableName: this.tableName,
              // BETWEEN is inclusive at both ends: the entry at `from` belongs to the page before, and is dropped below.
              KeyConditionExpression: from === undefined ? 'pk = :pk AND sk <= :to' : 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': pk, ':to': to, ...(from === undefined ? {} : { ':from': from }) },
              ScanIndexForward: false,
              ConsistentRead: this.consistent,
              ProjectionExpression: 'sk, articleId, stamp',
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          entries.push(...(result.Items ?? []).map(entryOf).filter((e) => e.sk !== from));
          start = result.LastEvaluatedKey;
        } while (start);
        return { entries };
      }),
    );
    return mergeShardPages(shards, Infinity).entries;
  }

  /**
   * The current state of each entry's article, in the entries' order, from its LATEST item; entries
   * whose article is no longer published are dropped: the index follows the article through the stream
   * (./feed-entries.ts), so for a moment after a withdrawal or an embargo it may still name the article.
   */
  async articles(entries: readonly IndexEntry[]): Promise<StoredArticle[]> {
    const found = await this.articlesById(entries.map((e) => e.articleId));
    return entries.flatMap((e) => {
      const stored = found.get(e.articleId);
      return stored && stored.article.status === 'published' ? [stored] : [];
    });
  }

  /** The LATEST items of `ids` (BatchGetItem, 100 keys a call), whatever their status; an id with no item is left out. */
  async articlesById(ids: readonly string[]): Promise<Map<string, StoredArticle>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, StoredArticle>();
    for (let i = 0; i < unique.length; i += batchGetKeys) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + batchGetKeys).map((id) => articleKey(id));
      for (let attempt = 0; keys && keys.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1000)));
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: this.consistent } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const stored = this.read(item);
          found.set(stored.article.id, stored);
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        if (attempt >= 8 && keys?.length) throw new Error(`the table left ${keys.length} article reads unprocessed after ${attempt + 1} attempts`);
      }
    }
    return found;
  }
}
