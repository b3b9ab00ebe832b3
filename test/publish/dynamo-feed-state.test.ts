/**
 * The feed state store against DynamoDB Local: two invocations cutting the same archive page from the
 * same state record it once (the first), and a writer holding a state older than the table's is refused.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { describe, expect, it } from 'vitest';
import { DynamoFeedState, StaleFeedState } from '../../functions/publish/dynamo-feed-state.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('feed-state');
const store = new DynamoFeedState(services.documents, services.tableName);

describe('the feed state in the table', () => {
  it('starts empty, and keeps the hashes of the files written', async () => {
    expect(await store.read('tag/palmyra')).toEqual({ pages: 0, files: {} });
    await store.saveFiles('tag/palmyra', await store.read('tag/palmyra'), { 'feeds/tags/palmyra.rss': 'abc' });
    expect(await store.read('tag/palmyra')).toEqual({ pages: 0, files: { 'feeds/tags/palmyra.rss': 'abc' } });
  });

  it('records a page once when two invocations cut it from the same state at the same time', async () => {
    const state = await store.read('tag/hama');
    const cuts = await Promise.all([
      store.cut('tag/hama', state, { number: 1, to: '2024-01-03T00:00:00.000Z#a', files: { one: '1' } }),
      store.cut('tag/hama', state, { number: 1, to: '2024-01-04T00:00:00.000Z#b', files: { two: '2' } }),
    ]);
    expect(cuts.filter(Boolean)).toHaveLength(1);
    const after = await store.read('tag/hama');
    const won = cuts[0] ? '2024-01-03T00:00:00.000Z#a' : '2024-01-04T00:00:00.000Z#b';
    expect(after).toMatchObject({ pages: 1, lastTo: won });
    expect(await store.pageHolding('tag/hama', '2024-01-01T00:00:00.000Z#z')).toMatchObject({ number: 1, to: won });
    expect(await store.pageHolding('tag/hama', '2024-02-01T00:00:00.000Z#z')).toBeUndefined();
    // The loser, still holding the state it read, can record neither that page nor its files.
    expect(await store.cut('tag/hama', state, { number: 1, to: '2024-01-05T00:00:00.000Z#c', files: {} })).toBe(false);
    await expect(store.saveFiles('tag/hama', state, { 'feeds/tags/hama.rss': 'old view' })).rejects.toBeInstanceOf(StaleFeedState);
    expect((await store.read('tag/hama')).files).toEqual({});
  });

  it('finds the page holding an entry with one Query, whichever page it is', async () => {
    let state = await store.read('tag/homs');
    for (const [n, to] of [[1, '2024-01-03#c'], [2, '2024-01-06#f'], [3, '2024-01-09#i']] as const) {
      expect(await store.cut('tag/homs', state, { number: n, ...(state.lastTo ? { from: state.lastTo } : {}), to, files: {} })).toBe(true);
      state = await store.read('tag/homs');
    }
    expect((await store.pageHolding('tag/homs', '2024-01-04#d'))?.number).toBe(2);
    expect((await store.pageHolding('tag/homs', '2024-01-06#f'))?.number).toBe(2);
    expect((await store.pageHolding('tag/homs', '2024-01-07#a'))).toMatchObject({ number: 3, from: '2024-01-06#f' });
    expect((await store.pageHolding('tag/homs', '2023-12-31#a'))?.number).toBe(1);
  });
});
