/**
 * A feed's latest articles from its feed-index partition: one Query, newest
 * first (sort keys are `{publishedAt}#{id}`), limited. Strongly consistent,
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

  async latest(feed: FeedKey, limit: number): Promise<Article[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': feedPartition(feed) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Promise.all(
      Items.map((item) => {
        const stored = storedImageOf(item);
        return stored.bodyRef ? this.readFullArticle(stored.bodyRef) : stored.article;
      }),
    );
  }
}
