/**
 * Writing the feed index from an article's states (what publish does from the stream's old and new
 * images): one slim entry per feed of the published state, in the article's shard; entries an earlier
 * state had and the current one does not are removed; the same update twice changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoFeedEntries, feedEntryWrites } from '../../functions/adapters/feed-entries.ts';
import { articleStamp } from '../../functions/adapters/article-stamp.ts';
import { feedShardOf } from '../../functions/adapters/keys.ts';
import { useLocalServices } from '../support/services.ts';
import { sampleArticle, tag } from '../support/articles.ts';

const services = await useLocalServices('feed-entries');
const documents = services.documents;
const entries = new DynamoFeedEntries(documents, services.tableName);

let n = 0;
let id = '';
beforeEach(() => {
  id = `art_entries${++n}`;
});

const indexOf = async () =>
  (await services.scanAll())
    .filter((i) => String(i.pk).startsWith('FEED#') && i.articleId === id)
    .map((i) => `${i.pk} ${i.sk}`)
    .sort();
const keys = (publishedAt: string, feeds: string[]) => feeds.map((f) => `FEED#${f}#${feedShardOf(id)} ${publishedAt}#${id}`).sort();

describe('the feed index writer on DynamoDB Local', () => {
  it('lists a published article in every feed it belongs to, with slim entries naming the state they list', async () => {
    await entries.writeEntriesOf([], sampleArticle({ id }));
    expect(await indexOf()).toEqual(keys('2024-05-01T08:00:00.000Z', ['all', 'publisher/harbour-news', 'tag/estuary', 'tag/transport']));
    for (const item of (await services.scanAll()).filter((i) => i.articleId === id)) {
      expect(Object.keys(item).sort()).toEqual(['articleId', 'entity', 'pk', 'sk', 'stamp']);
      expect(item.stamp).toBe(articleStamp(sampleArticle({ id })));
    }
  });

  it('moves the entries with a correction of tags and date, and the same update again changes nothing', async () => {
    const v1 = sampleArticle({ id });
    const v2 = sampleArticle({ id, version: 2, tags: [tag('estuary')], publishedAt: '2024-05-01T09:00:00.000Z', nearDuplicateOf: 'art_first' });
    await entries.writeEntriesOf([], v1);
    await entries.writeEntriesOf([v1], v2);
    const after = keys('2024-05-01T09:00:00.000Z', ['all', 'publisher/harbour-news', 'tag/estuary']);
    expect(await indexOf()).toEqual(after);
    const table = await services.scanAll();
    expect(table.filter((i) => i.articleId === id).every((i) => i.nearDuplicateOf === 'art_first')).toBe(true);
    await entries.writeEntriesOf([v1], v2);
    expect(await services.scanAll()).toEqual(table);
  });

  it('removes every entry when the article is withdrawn, and writes none while it is embargoed', async () => {
    const published = sampleArticle({ id });
    await entries.writeEntriesOf([], published);
    await entries.writeEntriesOf([published], { ...published, status: 'withdrawn', withdrawnAt: '2024-05-02T00:00:00.000Z' });
    expect(await indexOf()).toEqual([]);

    id = `art_entries${++n}`;
    const embargoed = sampleArticle({ id, status: 'embargoed', embargoUntil: '2030-01-01T00:00:00.000Z', publishedAt: '2030-01-01T00:00:00.000Z' });
    await entries.writeEntriesOf([], embargoed);
    expect(await indexOf()).toEqual([]);
    await entries.writeEntriesOf([embargoed], { ...embargoed, status: 'published' });
    expect(await indexOf()).toHaveLength(4);
  });

  it('takes the entries of every earlier state away, and writes an article of many tags in batches of 25', async () => {
    const tags = Array.from({ length: 40 }, (_, i) => tag(`t${i}`));
    const first = sampleArticle({ id, tags, publishedAt: '2024-05-01T07:00:00.000Z' });
    const second = sampleArticle({ id, tags, publishedAt: '2024-05-01T08:00:00.000Z' });
    await entries.writeEntriesOf([], first);
    expect(await indexOf()).toHaveLength(42);
    // A batch that held both corrections: the latest state is written, both earlier ones removed.
    const third = sampleArticle({ id, tags: [tag('t0')], publishedAt: '2024-05-01T09:00:00.000Z' });
    expect(feedEntryWrites([first, second], third).filter((w) => 'DeleteRequest' in w)).toHaveLength(84);
    await entries.writeEntriesOf([first, second], third);
    expect(await indexOf()).toEqual(keys('2024-05-01T09:00:00.000Z', ['all', 'publisher/harbour-news', 'tag/t0']));
  });
});
