/**
 * The subscriptions' match index, read only: one `SUBSCRIBERS#{tag/<id> or *}/{subscription id}` item
 * per filter bucket (written by subscription-repository.ts with the profile, in one transaction), so
 * matching an event is one Query per bucket. Its own file so that publish, which only asks which
 * subscriptions want an event, bundles this Query and not the repository with its transactions,
 * listings and secret sealing.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { ArticleEventType } from '#core/article/events.ts';
import type { SubscriberEntry } from '#core/webhooks/subscriber-filter.ts';
import { subscribersKey } from './keys.ts';
import { queryAll } from './query-all.ts';

/** The index partition of a bucket (`tag/<id>` or `*`). */
export const indexPartition = (bucket: string): string => subscribersKey(bucket, '').pk;

export class DynamoSubscriberIndex {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  /** Every subscription filed under any of `buckets`, once per bucket it is filed under. */
  async idsInBuckets(buckets: string[]): Promise<SubscriberEntry[]> {
    const pages = await Promise.all(buckets.map((bucket) => this.queryBucket(bucket)));
    return pages.flat();
  }

  private async queryBucket(bucket: string): Promise<SubscriberEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': indexPartition(bucket) },
    });
    return items.map((item) => ({
      id: String(item.sk),
      bucket,
      events: (item.events ?? []) as ArticleEventType[],
      ...(typeof item.minRelevance === 'number' ? { minRelevance: item.minRelevance } : {}),
      ...(item.distinct === true ? { distinct: true } : {}),
    }));
  }
}
