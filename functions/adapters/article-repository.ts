/**
 * Articles on the single table (layout in ./keys.ts). Every change of an
 * article — creation, correction, withdrawal, embargo release — is one
 * TransactWriteItems computed from the state before and the state after, with
 * conditions that make a concurrent conflicting write fail as a whole:
 *
 * - LATEST: must not exist (create) or must still hold the version and status we read;
 * - V#n: must not exist (a version is written once);
 * - fingerprint and source locks: free, or already held by this article;
 * - EMBARGO item: deleted where the old state had it and the new does not, put for the new state;
 * - WITHDRAWN item: put by the withdrawal (a withdrawn article never changes again);
 * - NEARDUP# buckets: put once, with the new article that files them, each in the slot after the newest one
 *   read before the article was judged, on the condition that the slot is free (a copy filed meanwhile took
 *   it: the write conflicts, and the retry sees that copy).
 *
 * A cancelled transaction becomes a `WriteConflict` (someone else won: re-read
 * and decide) or, for any other failure, the SDK error itself; nothing is half-applied.
 *
 * The feed index (FEED# entries) is not in the transaction: publish derives it from the stream's old and
 * new images before it renders (./feed-entries.ts), so lists (`feed`) follow a write within about a
 * second rather than at once. That halves what each entry costs (1 write unit instead of 2) and keeps a
 * tagged article's transaction to its own few items.
 */
import { TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { GetCommand, QueryCommand, TransactWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { Article } from '#core/article/schema.ts';
import type { Candidate } from '#core/near-duplicates/lsh.ts';
import { FeedIndex } from './feed-index.ts';
import { queryAll } from './query-all.ts';
import {
  articleItems,
  articleFromItem,
  decodeCursor,
  encodeCursor,
  type StoredArticle,
  type VersionObjects,
} from './article-item.ts';
import {
  articleKey,
  articleVersionKey,
  embargoPartition,
  fingerprintLockKey,
  isLegacyNearDuplicateHead,
  nearDuplicatePartition,
  nearDuplicateSlotKey,
  nearDuplicateSlotOf,
  sourceLockKey,
  type FeedKey,
} from './keys.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class WriteConflict extends Error {
  override readonly name = 'WriteConflict';
}

/** The stored article with what the write path needs to know beside it. */
export interface CurrentArticle extends StoredArticle {
  objects?: VersionObjects;
  sourceHash?: string;
}

export interface ArticleChange {
  /** The state read before the change; undefined when creating. */
  before?: CurrentArticle;
  after: Article;
  objects: VersionObjects;
  sourceHash?: string;
  /** A new article's near-duplicate buckets, filed in the same transaction. */
  nearDuplicate?: NearDuplicateFiling;
}

export interface NearDuplicateFiling {
  buckets: readonly string[];
  /** Stored signature (core/near-duplicates/minhash.ts `encodeSignature`). */
  signature: string;
  /** The first article of the cluster this one joins: its own id when it joins none. */
  clusterRoot: string;
  /** Each bucket's newest slot when the candidates were read (`NearDuplicateLookup.newest`; 0: none yet): the filing takes the next. */
  newest: Readonly<Record<string, number>>;
}

/** The articles filed under some buckets, and each bucket's newest slot as read (0: no slot filed yet). */
export interface NearDuplicateLookup {
  candidates: Candidate[];
  newest: Readonly<Record<string, number>>;
}

/** The bucket items that file one article, each in the slot after the newest one read (layout in keys.ts). */
export function nearDuplicateItems(articleId: string, filing: NearDuplicateFiling): Record<string, unknown>[] {
  return filing.buckets.map((bucket) => ({
    ...nearDuplicateSlotKey(bucket, (filing.newest[bucket] ?? 0) + 1),
    entity: 'neardup',
    articleId,
    clusterRoot: filing.clusterRoot,
    signature: filing.signature,
  }));
}

/**
 * The transaction items that file an article under its buckets: each bucket item on the condition that its
 * slot is still free, so a filing made since the lookup (it took that slot) makes the transaction conflict.
 */
export function nearDuplicateWrites(TableName: string, articleId: string, filing: NearDuplicateFiling): TransactItem[] {
  return nearDuplicateItems(articleId, filing).map((Item) => ({ Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }));
}

/** Articles read from each bucket, newest first: bounds the cost of a lookup whatever the archive's size. */
export const NEAR_DUPLICATE_PAGE = 25;

export interface FeedQuery {
  limit: number;
  cursor?: string;
  /** Leave out near-duplicates (items carrying `nearDuplicateOf`). */
  distinct?: boolean;
}

export interface FeedPage {
  entries: StoredArticle[];
  nextCursor?: string;
}

export interface PendingEmbargo {
  articleId: string;
  embargoUntil: string;
}

export interface ArticleRepository {
  get(id: string): Promise<CurrentArticle | undefined>;
  idByFingerprint(publisherId: string, fingerprint: string): Promise<string | undefined>;
  idBySource(publisherId: string, sourceHash: string): Promise<string | undefined>;
  /** Applies one change atomically; throws WriteConflict when another write got there first. */
  write(change: ArticleChange): Promise<void>;
  /** The objects a stored version refers to; undefined when that version was never written. */
  versionObjects(id: string, version: number): Promise<VersionObjects | undefined>;
  feed(feed: FeedKey, options: FeedQuery): Promise<FeedPage>;
  /** The newest articles filed under each of these near-duplicate buckets, and the buckets' heads: one Query a bucket. */
  nearDuplicateCandidates(buckets: readonly string[]): Promise<NearDuplicateLookup>;
  embargoesDue(now: string): Promise<PendingEmbargo[]>;
}

/** DynamoDB caps a transaction at 100 actions. */
const maxTransactionItems = 100;

export class DynamoArticleRepository implements ArticleRepository {
  /** Lists are eventually consistent reads, as a list read by an API client may be. */
  private readonly index: FeedIndex;

  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
  ) {
    this.index = new FeedIndex(documents, tableName, false);
  }

  async get(id: string): Promise<CurrentArticle | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: articleKey(id), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      ...articleFromItem(Item),
      objects: Item.objects as VersionObjects | undefined,
      sourceHash: Item.sourceHash as string | undefined,
    };
  }

  async idByFingerprint(publisherId: string, fingerprint: string): Promise<string | undefined> {
    return this.lockHolder(fingerprintLockKey(publisherId, fingerprint));
  }

  async idBySource(publisherId: string, sourceHash: string): Promise<string | undefined> {
    return this.lockHolder(sourceLockKey(publisherId, sourceHash));
  }

  async versionObjects(id: string, version: number): Promise<VersionObjects | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: articleVersionKey(id, version), ConsistentRead: true }),
    );
    return Item?.objects as VersionObjects | undefined;
  }

  async write(change: ArticleChange): Promise<void> {
    const items = this.transactItems(change);
    if (items.length > maxTransactionItems) {
      throw new Error(`article ${change.after.id} would touch ${items.length} items; one transaction holds ${maxTransactionItems}`);
    }
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code).filter((c) => c && c !== 'None');
        if (reasons.every((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) {
          throw new WriteConflict(`article ${change.after.id}: concurrent write (${reasons.join(', ') || 'cancelled'})`);
        }
      }
      throw error;
    }
  }

  async feed(feed: FeedKey, { limit, cursor, distinct }: FeedQuery): Promise<FeedPage> {
    const below = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && below === undefined) throw new InvalidCursor();
    const page = await this.index.page(feed, { limit, ...(below ? { below } : {}), ...(distinct ? { distinct } : {}) });
    const entries = await this.index.articles(page.entries);
    return { entries, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
  }

  async nearDuplicateCandidates(buckets: readonly string[]): Promise<NearDuplicateLookup> {
    const pages = await Promise.all(
      buckets.map((bucket) =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': nearDuplicatePartition(bucket) },
            ScanIndexForward: false,
            // The newest slot comes first (a bucket filed before slots has its old head before it: one more);
            // strongly consistent so a slot just taken is seen, and the conditioned write does not conflict for nothing.
            Limit: NEAR_DUPLICATE_PAGE + 1,
            ConsistentRead: true,
          }),
        ),
      ),
    );
    const newest: Record<string, number> = {};
    const candidates: Candidate[] = [];
    for (const [i, page] of pages.entries()) {
      const items = page.Items ?? [];
      newest[buckets[i] as string] = Math.max(0, ...items.map((item) => nearDuplicateSlotOf(item) ?? 0));
      for (const item of items) {
        if (isLegacyNearDuplicateHead(item)) continue;
        candidates.push({ articleId: item.articleId as string, clusterRoot: item.clusterRoot as string, signature: item.signature as string });
      }
    }
    return { candidates, newest };
  }

  async embargoesDue(now: string): Promise<PendingEmbargo[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      // '~' sorts after '#' and every id character: includes every article due at `now`.
      ExpressionAttributeValues: { ':pk': embargoPartition, ':until': `${now}~` },
      ConsistentRead: true,
    });
    return items.map((item) => ({ articleId: item.articleId as string, embargoUntil: item.embargoUntil as string }));
  }

  private async lockHolder(key: { pk: string; sk: string }): Promise<string | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item?.articleId as string | undefined;
  }

  private transactItems({ before, after, objects, sourceHash, nearDuplicate }: ArticleChange): TransactItem[] {
    const TableName = this.tableName;
    const now = articleItems(after, objects, sourceHash);
    const old = before ? articleItems(before.article, before.objects ?? objects, before.sourceHash) : undefined;
    const items: TransactItem[] = [];

    items.push({
      Put: {
        TableName,
        Item: now.latest,
        ...(before
          ? {
              ConditionExpression: '#version = :version AND #status = :status',
              ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
              ExpressionAttributeValues: { ':version': before.article.version, ':status': before.article.status },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
    if (!before || before.article.version !== after.version) {
      items.push({ Put: { TableName, Item: now.version, ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    const claim = (key: { pk: string; sk: string }) =>
      items.push({
        Put: {
          TableName,
          Item: { ...key, entity: 'lock', articleId: after.id },
          ConditionExpression: 'attribute_not_exists(pk) OR articleId = :id',
          ExpressionAttributeValues: { ':id': after.id },
        },
      });
    if (before?.article.fingerprint !== after.fingerprint) claim(fingerprintLockKey(after.publisher.id, after.fingerprint));
    if (sourceHash && before?.sourceHash !== sourceHash) claim(sourceLockKey(after.publisher.id, sourceHash));

    if (old?.embargo && old.embargo.sk !== now.embargo?.sk) {
      items.push({ Delete: { TableName, Key: { pk: old.embargo.pk, sk: old.embargo.sk } } });
    }
    if (now.embargo && old?.embargo?.sk !== now.embargo.sk) items.push({ Put: { TableName, Item: now.embargo } });
    if (now.withdrawn && old?.withdrawn?.sk !== now.withdrawn.sk) items.push({ Put: { TableName, Item: now.withdrawn } });
    if (nearDuplicate) items.push(...nearDuplicateWrites(TableName, after.id, nearDuplicate));
    return items;
  }
}

export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  constructor() {
    super('cursor is not one this API issued; pass the nextCursor of a previous page unchanged');
  }
}
