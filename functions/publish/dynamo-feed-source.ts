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
   * Pages on until `limit` items or the end of the partition: one Query
   * returns at most 1 MB, so six articles of 150 KB would otherwise cut a
   * 50-item feed to six without a word.
   */
  async latest(feed: FeedKey, limit: number): Promise<Article[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': feedPartition(feed) },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return Promise.all(
      items.map((item) => {
        const stored = storedImageOf(item);
        return stored.bodyRef ? this.readFullArticle(stored.bodyRef) : stored.article;
      }),
    );
  }
}
