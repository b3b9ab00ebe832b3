/**
 * Writing the feed index (layout in ./keys.ts, entries in ./article-item.ts `feedEntryItems`) from what
 * the stream says an article was and now is. Publish calls it before it renders
 * (functions/publish/feed-entries.ts), so a feed is rendered from an index that already lists its change.
 *
 * Idempotent by construction: the entries of the article's current state are put (an entry that is
 * already there is overwritten with the same bytes), and every entry an earlier state of the article
 * had and this one does not is deleted (deleting what is gone is a no-op). Applying the same change
 * twice, or a later change after a retried earlier one, leaves the same index. Every current entry is
 * put again, not only the new ones, so a change also repairs an index an earlier, abandoned attempt
 * left short.
 *
 * BatchWriteItem: 25 requests a call, each item 1 write unit (entries are about 140 bytes), against
 * 2 units each inside a transaction. Unprocessed items are sent again with backoff; a call that
 * keeps leaving some throws, and the caller fails the stream record so the stream retries it.
 */
import { BatchWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { Article } from '#core/article/schema.ts';
import { feedEntryItems } from './article-item.ts';

/** BatchWriteItem takes at most 25 requests. */
const batchWriteRequests = 25;
const maxAttempts = 8;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** The index writes that take an article's entries from any of `earlier` states to `current`'s. */
export function feedEntryWrites(earlier: readonly (Article | undefined)[], current: Article | undefined): WriteRequest[] {
  const keyOf = (item: { pk: string; sk: string }) => `${item.pk}|${item.sk}`;
  const puts = feedEntryItems(current).map(({ item }) => item);
  const kept = new Set(puts.map(keyOf));
  const stale = new Map<string, { pk: string; sk: string }>();
  for (const state of earlier) {
    for (const { item } of feedEntryItems(state)) if (!kept.has(keyOf(item))) stale.set(keyOf(item), { pk: item.pk, sk: item.sk });
  }
  return [...[...stale.values()].map((Key) => ({ DeleteRequest: { Key } })), ...puts.map((Item) => ({ PutRequest: { Item } }))];
}

export class DynamoFeedEntries {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  /** Makes the index list `current` (nothing when it is not published) and none of `earlier`'s other entries. */
  async writeEntriesOf(earlier: readonly (Article | undefined)[], current: Article | undefined): Promise<void> {
    const writes = feedEntryWrites(earlier, current);
    for (let i = 0; i < writes.length; i += batchWriteRequests) await this.send(writes.slice(i, i + batchWriteRequests));
  }

  private async send(requests: WriteRequest[]): Promise<void> {
    let pending: WriteRequest[] | undefined = requests;
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt >= maxAttempts) throw new Error(`the table left ${pending.length} feed-index writes unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1000)));
      const { UnprocessedItems } = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
      pending = UnprocessedItems?.[this.tableName] as WriteRequest[] | undefined;
    }
  }
}
