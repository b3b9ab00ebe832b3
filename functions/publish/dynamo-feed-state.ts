/**
 * Each feed's state and archive pages in the table (layout: functions/adapters/keys.ts): the state
 * item (pages cut, the newest page's boundary, the hashes of the feed's files as last written) and
 * one small item per archive page (its range and its files' hashes).
 *
 * Why the hashes live here and not only as S3 object metadata: judging "unchanged bytes" against S3
 * took a HEAD per file (six per feed render), most of publish's S3 requests.
 *
 * The state item also carries the feed's render lease (`fence`, `leaseUntil`: feed-leases.ts), so a
 * leased render costs two writes of it: taking the lease returns the state (no read of its own), and
 * the render's last state write gives the lease back. Hence state writes are updates, never whole-item
 * puts: a page cut mid-render must leave the lease (and the holder's latest renewal) as it is.
 *
 * Every write is conditional on the page count the writer read and on its lease's fence: a page is
 * recorded exactly once (the state's count and the page item in one transaction), and a writer that
 * read an older state, or holds an older lease than the last writer, fails instead of recording it;
 * its records are retried by the stream.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { archivePageKey, archivePagesRange, feedStateKey } from '#adapters/keys.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import type { ArchivePage, FeedState, FeedStateStore, FileHashes } from './ports.ts';

export class StaleFeedState extends Error {
  override readonly name = 'StaleFeedState';
}

/**
 * The state item's condition: its page count is still the one read (none yet when it was 0), and no
 * render under a newer lease has written it (the fence, feed-leases.ts).
 */
const samePages = ({ pages, fence }: FeedState) => {
  const counted = pages === 0 ? '(attribute_not_exists(pages) OR pages = :pages)' : 'pages = :pages';
  return fence === undefined
    ? { ConditionExpression: counted, ExpressionAttributeValues: { ':pages': pages } }
    : { ConditionExpression: `${counted} AND (attribute_not_exists(fence) OR fence <= :fence)`, ExpressionAttributeValues: { ':pages': pages, ':fence': fence } };
};

/** A page's item (exported for the feeds bench, which lays down the pages of a seeded history). */
export const pageItem = (feed: FeedKey, page: ArchivePage) => ({
  ...archivePageKey(feed, page.to),
  entity: 'archive-page',
  number: page.number,
  ...(page.from ? { from: page.from } : {}),
  to: page.to,
  files: page.files,
});

/** The state item of `feed` (exported for the feeds bench, which lays down the state of a seeded history). */
export const stateItem = (feed: FeedKey, state: FeedState) => ({
  ...feedStateKey(feed),
  entity: 'feed-state',
  pages: state.pages,
  ...(state.lastTo ? { lastTo: state.lastTo } : {}),
  files: state.files,
  ...(state.fence !== undefined ? { fence: state.fence } : {}),
});

/** The state a state item holds: an absent item, or one that holds only a lease so far, is a feed with no pages or files yet. */
export const stateOf = (item: Record<string, unknown> | undefined): FeedState => ({
  pages: typeof item?.pages === 'number' ? item.pages : 0,
  ...(typeof item?.lastTo === 'string' ? { lastTo: item.lastTo } : {}),
  files: (item?.files as FileHashes | undefined) ?? {},
});

const pageOf = (item: Record<string, unknown>): ArchivePage => ({
  number: item.number as number,
  ...(typeof item.from === 'string' ? { from: item.from } : {}),
  to: item.to as string,
  files: (item.files as FileHashes | undefined) ?? {},
});

/**
 * An update of the state item setting `fields` (and the writer's fence), on the `samePages` condition.
 * `release`: also ends the lease the writer holds (feed-leases.ts); the condition makes sure it is its own.
 */
function stateUpdate(feed: FeedKey, state: FeedState, fields: Record<string, unknown>, release: boolean) {
  const condition = samePages(state);
  const set = { entity: 'feed-state', ...fields, ...(state.fence !== undefined ? { fence: state.fence } : {}) };
  const names = Object.fromEntries(Object.keys(set).map((name, i) => [`#f${i}`, name]));
  const values = Object.fromEntries(Object.values(set).map((value, i) => [`:f${i}`, value]));
  return {
    Key: feedStateKey(feed),
    UpdateExpression: `SET ${Object.keys(names).map((name, i) => `${name} = :f${i}`).join(', ')}${release ? ' REMOVE leaseUntil' : ''}`,
    ConditionExpression: condition.ConditionExpression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ...values },
  };
}

export class DynamoFeedState implements FeedStateStore {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async read(feed: FeedKey): Promise<FeedState> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: feedStateKey(feed), ConsistentRead: true }));
    return stateOf(Item);
  }

  async saveFiles(feed: FeedKey, state: FeedState, files: FileHashes): Promise<void> {
    const fields = { pages: state.pages, ...(state.lastTo ? { lastTo: state.lastTo } : {}), files };
    try {
      // Under a lease (a fence), this is the render's last write: it gives the lease back in the same write.
      await this.documents.send(new UpdateCommand({ TableName: this.tableName, ...stateUpdate(feed, state, fields, state.fence !== undefined) }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaleFeedState(`${feed}: another invocation cut an archive page or rendered under a newer lease meanwhile; its records will be retried`);
      throw error;
    }
  }

  async cut(feed: FeedKey, state: FeedState, page: ArchivePage): Promise<boolean> {
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: pageItem(feed, page),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // The writer still renders under its lease: the cut keeps it.
            { Update: { TableName: this.tableName, ...stateUpdate(feed, state, { pages: page.number, lastTo: page.to }, false) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code).filter((c) => c && c !== 'None');
        if (reasons.every((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return false;
      }
      throw error;
    }
  }

  async pageHolding(feed: FeedKey, sk: string): Promise<ArchivePage | undefined> {
    const { pk, low, high } = archivePagesRange(feed, sk);
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': pk, ':low': low, ':high': high },
        ScanIndexForward: true,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? pageOf(Items[0]) : undefined;
  }

  async savePage(feed: FeedKey, page: ArchivePage): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: pageItem(feed, page),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
}
