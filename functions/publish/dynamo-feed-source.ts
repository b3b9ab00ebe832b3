/**
 * A feed's latest articles from its feed-index partition: one Query, newest
 * first (sort keys are `{publishedAt}#{id}`), limited, paged past DynamoDB's 1 MB. Strongly consistent,
 * because the stream can deliver a change before an eventually consistent read
 * would see it, and a feed rendered from a stale read would miss that change
 * until some later write touched the same feed.
 *
 * Feed-index items hold the article's own fields (functions/adapters/article-item.ts);
 * a body too large for the item lives in S3 and is read from there.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Article } from '../core/article/schema.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import { feedPartition } from '../adapters/keys.ts';
import { storedImageOf } from './stream-records.ts';
import type { FeedSource } from './ports.ts';

export class DynamoFeedSource implements FeedSource {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly readFullArticle: (bodyRef: string) => Promise<Article>,
  ) {}

  /**
   * Pages on until `limit` items or the end of the range: one Query returns at
   * most 1 MB, so six articles of 150 KB would otherwise cut a 50-item feed to
   * six without a word.
   */
  private async items(condition: string, values: Record<string, string>, newestFirst: boolean, limit = Infinity): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ScanIndexForward: !newestFirst,
          ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  async latest(feed: FeedKey, limit: number): Promise<Article[]> {
    return this.articlesOf(await this.items('pk = :pk', { ':pk': feedPartition(feed) }, true, limit));
  }

  /** Sort keys start with the ISO publication time, so a month is one key range. */
  async month(feed: FeedKey, month: string): Promise<Article[]> {
    return this.articlesOf(await this.items('pk = :pk AND begins_with(sk, :month)', { ':pk': feedPartition(feed), ':month': `${month}-` }, true));
  }

  async neighbourMonths(feed: FeedKey, month: string): Promise<{ previous?: string; next?: string }> {
    const nearest = async (condition: string, bound: string, forward: boolean) => {
      const { Items = [] } = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `pk = :pk AND ${condition}`,
          ExpressionAttributeValues: { ':pk': feedPartition(feed), ':bound': bound },
          ScanIndexForward: forward,
          Limit: 1,
          ConsistentRead: true,
          ProjectionExpression: 'sk',
        }),
      );
      const sk = Items[0]?.sk;
      return typeof sk === 'string' ? sk.slice(0, 7) : undefined;
    };
    // `~` sorts after every character an ISO timestamp uses, so `{month}~` is past the month's last key.
    const [previous, next] = await Promise.all([nearest('sk < :bound', `${month}-`, false), nearest('sk > :bound', `${month}~`, true)]);
    return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
  }

  private articlesOf(items: readonly Record<string, unknown>[]): Promise<Article[]> {
    return Promise.all(
      items.map((item) => {
        const stored = storedImageOf(item);
        return stored.bodyRef ? this.readFullArticle(stored.bodyRef) : stored.article;
      }),
    );
  }
}
