/**
 * The feed index follows the stream: before publish renders anything, each article the batch changed has
 * its feed-index entries brought to its latest state in the batch (functions/adapters/feed-entries.ts),
 * so the feeds rendered next, and `GET /articles?tag=…`, list it. Ingest does not write them: they were
 * more than half of its transaction's cost.
 *
 * Why nothing accepted can go missing from a feed: the article's LATEST item is the stream record; its
 * entries are written from that record before the record counts as done. A failure (or a crash) at any
 * point leaves the record failed, and the stream hands it over again, with every later record of the
 * shard, until its entries are written: the writes are idempotent, so doing them again is harmless.
 *
 * One article's records in a batch are taken together (its latest state; the entries any state of the
 * batch had are removed unless the latest keeps them), so they succeed or fail together and their
 * order within the batch cannot matter.
 */
import type { Article } from '../core/article/schema.ts';
import type { ArticleChangeRecord } from './stream-records.ts';

/** Writes one article's entries: those of `current`, and none of `earlier`'s that `current` does not keep. */
export interface FeedEntryStore {
  writeEntriesOf(earlier: readonly (Article | undefined)[], current: Article | undefined): Promise<void>;
}

/** Articles whose entries are written at once: a batch of 100 records does not throttle the table. */
const CONCURRENCY = 8;

/** Brings the index up to date with `changes`; returns the sequence numbers of the records whose entries could not be written. */
export async function updateFeedEntries(
  changes: readonly ArticleChangeRecord[],
  store: FeedEntryStore,
  warn: (message: string, details: Record<string, unknown>) => void,
): Promise<string[]> {
  const byArticle = new Map<string, { earlier: (Article | undefined)[]; current: Article | undefined; records: string[] }>();
  for (const change of changes) {
    const id = (change.after ?? change.before)?.article.id;
    if (!id) continue;
    const entry = byArticle.get(id) ?? { earlier: [], current: undefined, records: [] };
    entry.earlier.push(change.before?.article, entry.current);
    entry.current = change.after?.article;
    entry.records.push(change.sequenceNumber);
    byArticle.set(id, entry);
  }
  const failed: string[] = [];
  const work = [...byArticle.entries()];
  for (let i = 0; i < work.length; i += CONCURRENCY) {
    await Promise.all(
      work.slice(i, i + CONCURRENCY).map(async ([articleId, { earlier, current, records }]) => {
        try {
          await store.writeEntriesOf(earlier, current);
        } catch (error) {
          warn('feed index not updated; the records will be retried', { articleId, error: String(error) });
          failed.push(...records);
        }
      }),
    );
  }
  return failed;
}
