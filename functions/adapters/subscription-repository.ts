/**
 * Subscriptions in the single table (layout in keys.ts): the profile item
 * `SUBSCRIPTION#{id}/PROFILE` holds the subscription, its sealed secrets and
 * its sealed custom headers; one `SUBSCRIBERS#{tag/<id> or *}/{id}` item per
 * filter bucket is the match index, so matching an event is one Query per
 * article tag; one `SUBSCRIPTIONS/{owner}#{createdAt}#{id}` item is the
 * listing copy (no secrets, header names only). Every change writes all three
 * in one transaction, so a disabled or deleted subscription leaves the index
 * and the listing at the same moment.
 */
import { TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoSubscriberIndex } from './subscriber-index.ts';
import type { ArticleEventType } from '#core/article/events.ts';
import type { OpenCircuit } from '#core/webhooks/circuit-breaker.ts';
import type { EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { SigningSecret, StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';
import { bucketsOf } from '#core/webhooks/subscription-index.ts';
import type { SubscriberEntry } from '#core/webhooks/subscriber-filter.ts';
import type { Subscription } from '#core/webhooks/subscription.ts';
import type { CustomHeaders } from '#core/webhooks/custom-headers.ts';
import { SUBSCRIPTION_LIST_PARTITION, subscribersKey, subscriptionKey, subscriptionListKey, subscriptionListPrefix } from './keys.ts';
import { decodeCursor, encodeCursor, InvalidCursor } from './cursor.ts';
import type { SecretCipher } from './secret-cipher.ts';

interface SealedSecret {
  sealed: string;
  validUntil?: string;
}

type ProfileItem = Omit<Subscription, 'headers'> & {
  pk: string;
  sk: string;
  kind: 'subscription';
  secrets: SealedSecret[];
  /** The custom headers as JSON, sealed like the secrets (they often carry a token). */
  sealedHeaders?: string;
  disabledEvent?: EndpointDisabledEvent;
  /** Set while the deliver function holds the endpoint's circuit open (circuit-state.ts reads it). */
  circuit?: OpenCircuit;
  /** Bumped by every change made through `update`: two PATCHes cannot interleave their index moves. */
  revision?: number;
};

/** What a listing shows of a subscription: no secrets, header names only. */
export type ListedSubscription = Omit<Subscription, 'headers'> & { customHeaders: string[] };

export interface SubscriptionFilter {
  /** Only this partner's; absent: every subscription (the admin's view). */
  partnerId?: string | undefined;
  status?: Subscription['status'] | undefined;
  /** Subscriptions filtered on this tag. */
  tag?: string | undefined;
  /** Subscriptions receiving this event type (an empty list receives all). */
  event?: ArticleEventType | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Another change to the subscription committed between our read and our write. */
export class SubscriptionChanged extends Error {
  override readonly name = 'SubscriptionChanged';
  readonly status = 409;
  readonly code = 'conflict';
  constructor(id: string) {
    super(`subscription ${id} changed while this request was applied; read it again and retry`);
  }
}

export const listedView = (s: Subscription): ListedSubscription => {
  const { headers, ...rest } = s;
  return { ...stripUndefined(rest), customHeaders: Object.keys(headers ?? {}).sort() };
};

export class DynamoSubscriptionRepository implements SubscriptionStore {
  private readonly index: DynamoSubscriberIndex;

  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
    private readonly cipher: SecretCipher,
  ) {
    this.index = new DynamoSubscriberIndex(db, tableName);
  }

  async create(subscription: Subscription, secret: string): Promise<void> {
    const { headers, ...rest } = subscription;
    const profile: ProfileItem = {
      ...subscriptionKey(subscription.id),
      kind: 'subscription',
      ...stripUndefined(rest),
      secrets: [{ sealed: this.cipher.encrypt(secret, subscription.id) }],
      ...(headers ? { sealedHeaders: this.sealHeaders(subscription.id, headers) } : {}),
      revision: 0,
    };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: profile, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...this.indexPuts(subscription),
          this.listingPut(subscription),
        ],
      }),
    );
  }

  /**
   * Writes a changed subscription (PATCH): the profile's fields (secrets untouched, so a rotation
   * in between is kept), the match index moved from the old buckets to the new, the listing copy.
   * Throws SubscriptionChanged when another change landed since `previous` was read.
   */
  async update(previous: StoredSubscription, next: Subscription): Promise<void> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(previous.id), ConsistentRead: true }));
    if (!Item) throw new SubscriptionChanged(previous.id);
    const stored = Item as ProfileItem;
    const revision = stored.revision ?? 0;
    const sets: string[] = ['revision = :next'];
    const removes: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':next': revision + 1, ':was': stored.status };
    const fields = { ...next, sealedHeaders: next.headers ? this.sealHeaders(next.id, next.headers) : undefined, headers: undefined };
    for (const field of ['url', 'tags', 'events', 'minRelevance', 'distinct', 'description', 'status', 'disabledAt', 'disabledReason', 'failingSince', 'sealedHeaders'] as const) {
      names[`#${field}`] = field;
      const value = fields[field];
      if (value === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    if (next.status === 'active') removes.push('disabledEvent');
    const before: Subscription = { ...previous, status: stored.status, tags: stored.tags };
    const wasIndexed = stored.status === 'active';
    const isIndexed = next.status === 'active';
    const moves = [...(wasIndexed ? this.indexDeletes(before) : []), ...(isIndexed ? this.indexPuts(next) : [])];
    // A bucket in both lists would appear twice in one transaction, which DynamoDB refuses: keep the Put.
    const putKeys = new Set(moves.filter((m) => 'Put' in m).map((m) => JSON.stringify(keyOf(m))));
    const indexWrites = moves.filter((m) => 'Put' in m || !putKeys.has(JSON.stringify(keyOf(m))));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: subscriptionKey(next.id),
                UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
                ConditionExpression: `attribute_exists(pk) AND #status = :was AND ${revision === 0 ? '(attribute_not_exists(revision) OR revision = :zero)' : 'revision = :revision'}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: { ...values, ...(revision === 0 ? { ':zero': 0 } : { ':revision': revision }) },
              },
            },
            ...indexWrites,
            this.listingPut(next),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new SubscriptionChanged(next.id);
      throw error;
    }
  }

  /** One page of the listing, oldest first within each owner; filters apply within the page read. */
  async list(filter: SubscriptionFilter): Promise<{ items: ListedSubscription[]; cursor?: string }> {
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': SUBSCRIPTION_LIST_PARTITION };
    if (filter.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.tag) {
      conditions.push('contains(tags, :tag)');
      values[':tag'] = filter.tag;
    }
    if (filter.event) {
      conditions.push('(size(events) = :none OR contains(events, :event))');
      values[':none'] = 0;
      values[':event'] = filter.event;
    }
    const owner = subscriptionListPrefix(filter.partnerId).skPrefix;
    if (filter.partnerId !== undefined) values[':owner'] = owner;
    const items: ListedSubscription[] = [];
    let start = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    // A cursor from another partner's listing would start outside this one's key range.
    if (start && (start.pk !== SUBSCRIPTION_LIST_PARTITION || (filter.partnerId !== undefined && !String(start.sk).startsWith(owner)))) {
      throw new InvalidCursor();
    }
    // A filtered page can come back short: read on until it is full or the listing ends.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: filter.partnerId !== undefined ? 'pk = :pk AND begins_with(sk, :owner)' : 'pk = :pk',
          ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          Limit: filter.limit - items.length,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, kind: _kind, ...listed } = item;
        items.push(listed as ListedSubscription);
      }
      start = page.LastEvaluatedKey;
    } while (start && items.length < filter.limit);
    return { items, ...(start ? { cursor: encodeCursor(start) } : {}) };
  }

  async get(id: string): Promise<StoredSubscription | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
    return Item ? this.storedOf(Item as ProfileItem) : undefined;
  }

  /**
   * Many subscriptions in BatchGetItem calls of 100 (what a deliver batch needs at once); a missing one is absent from the map.
   * Eventually consistent, half the read units of a strong read: its one reader, deliver's per-container cache
   * (subscription-cache.ts), already uses what it reads for up to 30 s, so a view the table's replication
   * keeps a fraction of a second behind changes nothing that bound does not allow. The API reads strongly (`get`).
   */
  async getMany(ids: readonly string[]): Promise<Map<string, StoredSubscription>> {
    const found = new Map<string, StoredSubscription>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map(subscriptionKey);
      for (let pass = 0; keys.length > 0; pass++) {
        if (pass === 5) throw new Error(`${keys.length} subscriptions left unprocessed by the table`);
        if (pass > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** pass));
        const { Responses, UnprocessedKeys } = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: false } } }),
        );
        for (const item of Responses?.[this.tableName] ?? []) found.set(String(item.id), this.storedOf(item as ProfileItem));
        keys = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  /** Records that the endpoint's circuit opened (`circuit` set) or closed (absent); the profile's other fields stay. */
  async setCircuit(id: string, circuit: OpenCircuit | undefined): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: subscriptionKey(id),
        ConditionExpression: 'attribute_exists(pk)',
        ...(circuit ? { UpdateExpression: 'SET circuit = :c', ExpressionAttributeValues: { ':c': circuit } } : { UpdateExpression: 'REMOVE circuit' }),
      }),
    ).catch(ignoreMissing);
  }

  private storedOf(profile: ProfileItem): StoredSubscription {
    const opened: SigningSecret[] = profile.secrets.map((s) => ({ secret: this.cipher.decrypt(s.sealed, profile.id), validUntil: s.validUntil }));
    return {
      ...this.subscriptionOf(profile),
      ...(profile.disabledEvent ? { disabledEvent: profile.disabledEvent } : {}),
      ...(profile.circuit ? { circuit: profile.circuit } : {}),
      secrets: opened,
    };
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
          { Delete: { TableName: this.tableName, Key: subscriptionListKey(subscription.partnerId, subscription.createdAt, id) } },
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

  idsInBuckets(buckets: string[]): Promise<SubscriberEntry[]> {
    return this.index.idsInBuckets(buckets);
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
    const profile = Item as ProfileItem;
    const disabled: Subscription = { ...this.subscriptionOf(profile), status: 'disabled', disabledAt: event.at, disabledReason: event.reason };
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
          ...this.indexDeletes(profile),
          this.listingPut(disabled),
        ],
      }),
    );
  }

  private subscriptionOf(profile: ProfileItem): Subscription {
    const { pk: _pk, sk: _sk, kind: _kind, revision: _r, secrets: _s, sealedHeaders, disabledEvent: _e, circuit: _c, ...subscription } = profile;
    const headers = sealedHeaders ? (JSON.parse(this.cipher.decrypt(sealedHeaders, `${profile.id}#headers`)) as CustomHeaders) : undefined;
    return { ...subscription, ...(headers ? { headers } : {}) };
  }

  private sealHeaders(id: string, headers: CustomHeaders): string {
    return this.cipher.encrypt(JSON.stringify(headers), `${id}#headers`);
  }

  private listingPut(s: Subscription) {
    return {
      Put: { TableName: this.tableName, Item: { ...subscriptionListKey(s.partnerId, s.createdAt, s.id), kind: 'subscription-listing', ...listedView(s) } },
    };
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

function keyOf(write: { Put: { Item: Record<string, unknown> } } | { Delete: { Key: Record<string, unknown> } }) {
  const key = 'Put' in write ? write.Put.Item : write.Delete.Key;
  return { pk: key.pk, sk: key.sk };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function ignoreMissing(error: { name?: string }): void {
  if (error.name !== 'ConditionalCheckFailedException') throw error;
}

