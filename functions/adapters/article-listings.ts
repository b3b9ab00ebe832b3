/**
 * Reads of articles beyond the feeds (layout in ./keys.ts), each one bounded Query:
 * - an article's versions: its `V#` items, oldest first, a page at a time;
 * - articles by a status that has no feed: `WITHDRAWN` (newest withdrawal first) and `EMBARGO`
 *   (soonest release first); the page's LATEST items are then read by key, at most one page of them.
 */
import { GetCommand, QueryCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { ArticleStatus } from '#core/article/schema.ts';
import { InvalidCursor } from './article-repository.ts';
import { articleFromItem, decodeCursor, encodeCursor, type StoredArticle, type VersionObjects } from './article-item.ts';
import { articleKey, articleVersionKey, articleVersionsPrefix, embargoPartition, withdrawnPartition } from './keys.ts';

export interface StoredVersion {
  version: number;
  updatedAt: string;
  headline: string;
  /** Absent on versions written before the status was recorded beside them. */
  status?: ArticleStatus;
  objects: VersionObjects;
}

export interface Paged<T> {
  items: T[];
  nextCursor?: string;
}

export interface ArticleListings {
  versions(id: string, page: { limit: number; cursor?: string }): Promise<Paged<StoredVersion>>;
  version(id: string, version: number): Promise<StoredVersion | undefined>;
  /** Withdrawn articles, newest withdrawal first, or embargoed ones, soonest release first. */
  byStatus(status: 'withdrawn' | 'embargoed', page: { limit: number; cursor?: string }): Promise<Paged<StoredArticle>>;
}

const versionOf = (item: Record<string, unknown>): StoredVersion => ({
  version: item.version as number,
  updatedAt: item.updatedAt as string,
  headline: item.headline as string,
  ...(typeof item.status === 'string' ? { status: item.status as ArticleStatus } : {}),
  objects: item.objects as VersionObjects,
});

/** A version cursor is the number of the last version shown, opaque to clients. */
const encodeVersionCursor = (version: number) => Buffer.from(`v${version}`, 'utf8').toString('base64url');
function decodeVersionCursor(cursor: string): number {
  const match = /^v([1-9]\d{0,5})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursor();
  return Number(match[1]);
}

export class DynamoArticleListings implements ArticleListings {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async versions(id: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<Paged<StoredVersion>> {
    const after = cursor === undefined ? undefined : decodeVersionCursor(cursor);
    const { pk, skPrefix } = articleVersionsPrefix(id);
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': pk, ':v': skPrefix },
        Limit: limit,
        ...(after ? { ExclusiveStartKey: articleVersionKey(id, after) } : {}),
      }),
    );
    const items = (page.Items ?? []).map(versionOf);
    const last = items.at(-1);
    return { items, ...(page.LastEvaluatedKey && last ? { nextCursor: encodeVersionCursor(last.version) } : {}) };
  }

  async version(id: string, version: number): Promise<StoredVersion | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: articleVersionKey(id, version) }));
    return Item ? versionOf(Item) : undefined;
  }

  async byStatus(status: 'withdrawn' | 'embargoed', { limit, cursor }: { limit: number; cursor?: string }): Promise<Paged<StoredArticle>> {
    const pk = status === 'withdrawn' ? withdrawnPartition : embargoPartition;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && after === undefined) throw new InvalidCursor();
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: status === 'embargoed',
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      }),
    );
    const entries = page.Items ?? [];
    const latest = await Promise.all(
      entries.map(async (entry) => (await this.documents.send(new GetCommand({ TableName: this.tableName, Key: articleKey(entry.articleId as string) }))).Item),
    );
    // An index entry whose article has since moved on (an embargo released a moment ago) is left out.
    const items = latest.filter((item): item is Record<string, unknown> => item?.status === status).map((item) => articleFromItem(item));
    const next = page.LastEvaluatedKey?.sk as string | undefined;
    return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
  }
}
