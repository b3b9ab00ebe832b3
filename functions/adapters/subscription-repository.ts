/**
 * Subscriptions in the single table (layout in keys.ts): the profile item
 * `SUBSCRIPTION#{id}/PROFILE` holds the subscription and its sealed secrets;
 * one `SUBSCRIBERS#{tag/<id> or *}/{id}` item per filter bucket is the match
 * index, so matching an event is one Query per article tag. A disabled or
 * deleted subscription leaves the index in the same transaction.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all.ts';
import type { ArticleEventType } from '#core/article/events.ts';
import type { EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { SigningSecret, StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';
import { bucketsOf } from '#core/webhooks/subscription-index.ts';
import type { SubscriberEntry } from '#core/webhooks/subscriber-filter.ts';
import type { Subscription } from '#core/webhooks/subscription.ts';
import { subscribersKey, subscriptionKey } from './keys.ts';
import type { SecretCipher } from './secret-cipher.ts';

interface SealedSecret {
  sealed: string;
  validUntil?: string;
}

type ProfileItem = Subscription & { pk: string; sk: string; kind: 'subscription'; secrets: SealedSecret[]; disabledEvent?: EndpointDisabledEvent };

const indexPartition = (bucket: string) => subscribersKey(bucket, '').pk;

export class DynamoSubscriptionRepository implements SubscriptionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: SecretCipher,
  ) {}

  async create(subscription: Subscription, secret: string): Promise<void> {
    const profile: ProfileItem = {
      ...subscriptionKey(subscription.id),
      kind: 'subscription',
      ...stripUndefined(subscription),
      secrets: [{ sealed: this.cipher.encrypt(secret, subscription.id) }],
    };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: profile, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...this.indexPuts(subscription),
        ],
      }),
    );
  }

  async get(id: string): Promise<StoredSubscription | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, kind: _kind, secrets, ...subscription } = Item as ProfileItem;
    const opened: SigningSecret[] = secrets.map((s) => ({ secret: this.cipher.decrypt(s.sealed, id), validUntil: s.validUntil }));
    return { ...subscription, secrets: opened };
  }

  async delete(id: string): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    if (!Item) return false;
    const subscription = Item as ProfileItem;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: subscriptionKey(id) } },
          ...(subscription.status === 'active' ? this.indexDeletes(subscription) : []),
        ],
      }),
    );
    return true;
  }

  async rotateSecret(id: string, secret: string, graceUntil: string, now: string): Promise<void> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    if (!Item) throw new Error(`subscription ${id} does not exist`);
    const previous = (Item as ProfileItem).secrets;
    const current = previous.find((s) => !s.validUntil);
    // Secrets already out of grace are dropped; the outgoing current one signs until graceUntil.
    const stillValid = previous.filter((s) => s.validUntil && s.validUntil > now);
    const secrets: SealedSecret[] = [
      { sealed: this.cipher.encrypt(secret, id) },
      ...(current ? [{ sealed: current.sealed, validUntil: graceUntil }] : []),
      ...stillValid,
    ];
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: subscriptionKey(id),
        UpdateExpression: 'SET secrets = :secrets',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':secrets': secrets },
      }),
    );
  }

  async idsInBuckets(buckets: string[]): Promise<SubscriberEntry[]> {
    const pages = await Promise.all(buckets.map((bucket) => this.queryBucket(bucket)));
    return pages.flat();
  }

  async setFailingSince(id: string, failingSince: string | undefined): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: subscriptionKey(id),
        ConditionExpression: 'attribute_exists(pk)',
        ...(failingSince
          ? { UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :f)', ExpressionAttributeValues: { ':f': failingSince } }
          : { UpdateExpression: 'REMOVE failingSince' }),
      }),
    ).catch(ignoreMissing);
  }

  async disable(id: string, event: EndpointDisabledEvent): Promise<void> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    if (!Item || (Item as ProfileItem).status === 'disabled') return;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: subscriptionKey(id),
              UpdateExpression: 'SET #status = :disabled, disabledAt = :at, disabledReason = :reason, disabledEvent = :event',
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':at': event.at, ':reason': event.reason, ':event': event },
            },
          },
          ...this.indexDeletes(Item as ProfileItem),
        ],
      }),
    );
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

  private indexPuts(s: Subscription) {
    return bucketsOf(s).map((bucket) => ({
      Put: {
        TableName: this.tableName,
        // The filters the enqueue step judges by travel in the index entry, so matching never reads profiles.
        Item: {
          ...subscribersKey(bucket, s.id),
          kind: 'subscriber',
          events: s.events,
          ...(s.minRelevance !== undefined ? { minRelevance: s.minRelevance } : {}),
          ...(s.distinct === true ? { distinct: true } : {}),
        },
      },
    }));
  }

  private indexDeletes(s: Subscription) {
    return bucketsOf(s).map((bucket) => ({ Delete: { TableName: this.tableName, Key: subscribersKey(bucket, s.id) } }));
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function ignoreMissing(error: { name?: string }): void {
  if (error.name !== 'ConditionalCheckFailedException') throw error;
}

