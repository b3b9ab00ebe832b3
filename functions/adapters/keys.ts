/**
 * The single-table layout, written once. Every adapter builds its keys here, so
 * the item shapes below are the whole schema of the table:
 *
 * | item                     | pk                                   | sk                          |
 * |--------------------------|--------------------------------------|-----------------------------|
 * | article, current state   | ARTICLE#{id}                         | LATEST                      |
 * | article, one version     | ARTICLE#{id}                         | V#{version, 6 digits}       |
 * | withdrawn article        | WITHDRAWN                            | {withdrawnAt}#{articleId}   |
 * | duplicate lock           | FINGERPRINT#{publisher}#{sha256}     | LOCK                        |
 * | correction lock          | SOURCE#{publisher}#{sha256(source)}  | LOCK                        |
 * | feed index entry (slim)  | FEED#{feedKey}#{shard 0..3}          | {publishedAt}#{articleId}   |
 * | feed state (pages, file hashes, render lease) | FEEDSTATE#{feedKey} | STATE              |
 * | feed archive page        | FEEDSTATE#{feedKey}                  | PAGE#{newest entry's sk}    |
 * | pending embargo          | EMBARGO                              | {embargoUntil}#{articleId}  |
 * | near-duplicate bucket    | NEARDUP#{band}-{8 hex}               | N#{slot, 10 digits}         |
 * | publisher                | PUBLISHER#{id}                       | PROFILE                     |
 * | publisher, listed        | PUBLISHERS                           | ID#{id}                     |
 * | API key (hashed)         | APIKEY#{sha256(key)}                 | KEY                         |
 * | partner                  | PARTNER#{id}                         | PROFILE                     |
 * | subscription             | SUBSCRIPTION#{id}                    | PROFILE                     |
 * | subscription, listed     | SUBSCRIPTIONS                        | {owner}#{createdAt}#{id}    |
 * | subscription by tag      | SUBSCRIBERS#{tag/<id> or *}          | {subscriptionId}            |
 * | delivery                 | SUBSCRIPTION#{id}                    | DELIVERY#{deliveryId}       |
 * | delivery attempt (TTL)   | SUBSCRIPTION#{id}                    | ATTEMPT#{at}#{deliveryId}#{n} |
 * | (a first attempt that delivered: the same item, `kind: first`, is the delivery's record; delivery-log.ts; stored without the fields its keys say, first-delivery-item.ts) | | |
 * | webhook body (TTL)       | EVENT#{sha256(eventKey)}             | PAYLOAD                     |
 * | event channel counter    | EVENTLOG                             | COUNTER                     |
 * | event channel entry (TTL)| EVENTLOG                             | SEQ#{sequence, 16 digits}   |
 * | event appended (TTL)     | EVENTLOGID#{eventId}                 | APPENDED                    |
 *
 * Feed keys (`all`, `tag/{tagId}`, `publisher/{publisherId}`) are domain facts
 * and live in `functions/core/feeds/keys.ts`. Timestamps
 * in sort keys are `Date.prototype.toISOString()` output (fixed width, UTC), so
 * lexical order is time order.
 *
 * Partition keys are built only here: each function's IAM policy limits it to
 * the partitions of the builders its code calls (`dynamodb:LeadingKeys`,
 * `infra/table-access.ts`), and test/infra/stacks/least-privilege.test.ts
 * finds those builders by walking each handler's code. A partition key written
 * as a literal elsewhere would be refused on AWS and go unnoticed locally.
 */
import { createHash } from 'node:crypto';

import type { FeedKey } from '#core/feeds/keys.ts';

export type { FeedKey };

export const articleKey = (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'LATEST' });
export const articleVersionKey = (id: string, version: number) => ({
  pk: `ARTICLE#${id}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});
/** An article's version items: a Query on `pk` with `begins_with(sk, skPrefix)` lists them, oldest first. */
export const articleVersionsPrefix = (id: string) => ({ pk: `ARTICLE#${id}`, skPrefix: 'V#' });
/** One small item per withdrawal (id and time), newest first: `GET /articles?status=withdrawn` is one Query. */
export const withdrawnPartition = 'WITHDRAWN';
export const withdrawnKey = (withdrawnAt: string, articleId: string) => ({ pk: withdrawnPartition, sk: `${withdrawnAt}#${articleId}` });
export const fingerprintLockKey = (publisherId: string, fingerprint: string) => ({
  pk: `FINGERPRINT#${publisherId}#${fingerprint}`,
  sk: 'LOCK',
});
export const sourceLockKey = (publisherId: string, sourceHash: string) => ({
  pk: `SOURCE#${publisherId}#${sourceHash}`,
  sk: 'LOCK',
});
/**
 * Each feed's index is written across `FEED_SHARDS` partitions, chosen by a hash of the article id, so
 * no feed (`all` above all) funnels every article into one partition: DynamoDB takes about 1,000 write
 * units a second per partition, and a sort key that only grows never splits. A feed is read with one
 * Query of `limit` items per shard, merged (functions/adapters/feed-index.ts): still one bounded read.
 */
export const FEED_SHARDS = 4;

/** FNV-1a over the id's UTF-16 units: stable across processes and versions, spread evenly. */
export function feedShardOf(articleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < articleId.length; i += 1) hash = Math.imul(hash ^ articleId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % FEED_SHARDS;
}

/** A feed index entry's sort key (no partition: it is the same in every shard): publication time first, so lexical order is time order. */
export const feedIndexSortKey = (publishedAt: string, articleId: string) => ({ sk: `${publishedAt}#${articleId}` });
export const feedShardPartition = (feed: FeedKey, shard: number) => `FEED#${feed}#${shard}`;
export const feedIndexKey = (feed: FeedKey, publishedAt: string, articleId: string) => ({
  pk: feedShardPartition(feed, feedShardOf(articleId)),
  ...feedIndexSortKey(publishedAt, articleId),
});
/** Every shard partition of a feed's index. */
export const feedPartitions = (feed: FeedKey): string[] => Array.from({ length: FEED_SHARDS }, (_, shard) => feedShardPartition(feed, shard));
/**
 * What publish keeps per feed (functions/publish/dynamo-feed-state.ts): the state item (how many
 * archive pages are cut, where the newest ends, the hashes of the files last written, and the feed's render
 * lease: functions/publish/feed-leases.ts) and one item per
 * archive page, keyed by the sort key of its newest index entry, so the page holding an entry is the
 * first page item at or after it: one Query of one item. `PAGE#~` sorts after every page key.
 */
export const feedStateKey = (feed: FeedKey) => ({ pk: `FEEDSTATE#${feed}`, sk: 'STATE' });
export const archivePageKey = (feed: FeedKey, newestSk: string) => ({ pk: `FEEDSTATE#${feed}`, sk: `PAGE#${newestSk}` });
export const archivePagesRange = (feed: FeedKey, fromSk: string) => ({ pk: `FEEDSTATE#${feed}`, low: `PAGE#${fromSk}`, high: 'PAGE#~' });
export const embargoPartition = 'EMBARGO';
export const embargoKey = (embargoUntil: string, articleId: string) => ({ pk: embargoPartition, sk: `${embargoUntil}#${articleId}` });
/**
 * One LSH bucket an article is filed under (core/near-duplicates/lsh.ts): four per new article, written in its
 * ingest transaction, about 450 bytes each (article id, cluster root, 16-bit MinHash signature). Each filing
 * takes the bucket's next slot (`N#{slot, 10 digits}`: 1, 2, 3 ...) on the condition that it is still free: a
 * filer that read slot n as the bucket's newest puts n + 1, so of two articles filed into one bucket at once,
 * both having read n, one commits and the other's transaction conflicts (its retry reads the first). The
 * newest slot is the bucket's head; there is no separate head item to rewrite, which halves the items a filing
 * writes. Newest first within a bucket, so a lookup reads a bounded page of the most recent articles however
 * old the archive.
 */
export const nearDuplicateSlotKey = (bucket: string, slot: number) => ({ pk: `NEARDUP#${bucket}`, sk: `N#${String(slot).padStart(10, '0')}` });
export const nearDuplicatePartition = (bucket: string) => `NEARDUP#${bucket}`;
/** The slot of a bucket item; undefined for an item filed before slots (sort key `{createdAt}#{articleId}`) or their `~HEAD`. */
export const nearDuplicateSlotOf = (item: Record<string, unknown>): number | undefined =>
  typeof item.sk === 'string' && /^N#\d{10}$/.test(item.sk) ? Number(item.sk.slice(2)) : undefined;
/**
 * Buckets filed before slots hold items under `{createdAt}#{articleId}`, still read as candidates, and a
 * `~HEAD` item that is not an article (it sorts first, `N#` slots next, dated items last).
 */
export const isLegacyNearDuplicateHead = (item: Record<string, unknown>) => item.sk === '~HEAD';
export const publisherKey = (id: string) => ({ pk: `PUBLISHER#${id}`, sk: 'PROFILE' });
/**
 * The publisher directory (`GET /publishers`): one small item per publisher (no key hash), written in the
 * transaction that writes the profile, in one partition sorted by id, so the listing is one bounded Query.
 */
export const PUBLISHER_DIRECTORY_PARTITION = 'PUBLISHERS';
export const publisherDirectoryPrefix = () => ({ pk: PUBLISHER_DIRECTORY_PARTITION, skPrefix: 'ID#' });
export const publisherDirectoryKey = (id: string) => ({ pk: PUBLISHER_DIRECTORY_PARTITION, sk: `ID#${id}` });
export const apiKeyKey = (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'KEY' });
/** The API key item: the hash names its owner, a publisher or a partner (auth.ts resolves it). */
export const apiKeyItem = (keyHash: string, owner: { publisherId: string } | { partnerId: string }, createdAt: string) => ({
  ...apiKeyKey(keyHash),
  entity: 'api-key',
  ...owner,
  createdAt,
});
export const partnerKey = (id: string) => ({ pk: `PARTNER#${id}`, sk: 'PROFILE' });
export const subscriptionKey = (id: string) => ({ pk: `SUBSCRIPTION#${id}`, sk: 'PROFILE' });
/**
 * The listing copy of a subscription (no secrets): one partition, sorted by owner, then creation,
 * so a partner's list is one Query on its prefix. `_admin` owns subscriptions made for no partner
 * (partner ids cannot start with `_`).
 */
export const SUBSCRIPTION_LIST_PARTITION = 'SUBSCRIPTIONS';
const subscriptionOwner = (partnerId: string | undefined) => partnerId ?? '_admin';
export const subscriptionListKey = (partnerId: string | undefined, createdAt: string, id: string) => ({
  pk: SUBSCRIPTION_LIST_PARTITION,
  sk: `${subscriptionOwner(partnerId)}#${createdAt}#${id}`,
});
/** One owner's part of the listing: a Query on the partition with `begins_with(sk, skPrefix)`. */
export const subscriptionListPrefix = (partnerId: string | undefined) => ({ pk: SUBSCRIPTION_LIST_PARTITION, skPrefix: `${subscriptionOwner(partnerId)}#` });
export const subscribersKey = (tagId: string | '*', subscriptionId: string) => ({
  pk: `SUBSCRIBERS#${tagId === '*' ? '*' : `tag/${tagId}`}`,
  sk: subscriptionId,
});
export const deliveryKey = (subscriptionId: string, deliveryId: string) => ({
  pk: `SUBSCRIPTION#${subscriptionId}`,
  sk: `DELIVERY#${deliveryId}`,
});
/** One event's webhook body, shared by all its deliveries. */
export const payloadKey = (eventKey: string) => ({ pk: `EVENT#${createHash('sha256').update(eventKey).digest('base64url')}`, sk: 'PAYLOAD' });
export const attemptKey = (subscriptionId: string, at: string, deliveryId: string, attempt: number) => ({
  pk: `SUBSCRIPTION#${subscriptionId}`,
  sk: `ATTEMPT#${at}#${deliveryId}#${String(attempt).padStart(3, '0')}`,
});
/**
 * The event pull channel (`GET /events`, adapters/event-log.ts): one partition read in order, a counter
 * moved in the same transaction as each append (so numbers have no gaps), and one small item per event
 * id that makes an append idempotent (a retried stream batch appends nothing twice).
 */
export const eventLogPartition = 'EVENTLOG';
export const eventLogCounterKey = () => ({ pk: eventLogPartition, sk: 'COUNTER' });
export const eventLogEntryKey = (sequence: number) => ({ pk: eventLogPartition, sk: `SEQ#${String(sequence).padStart(16, '0')}` });
/** The number of the entry whose sort key is `sk` (`SEQ#0000000000000042`: 42). */
export const sequenceOf = (sk: string): number => Number(sk.slice('SEQ#'.length));
export const eventLogIdKey = (eventId: string) => ({ pk: `EVENTLOGID#${eventId}`, sk: 'APPENDED' });
