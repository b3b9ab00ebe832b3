import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoArticleRepository, InvalidCursor, WriteConflict } from '../../functions/adapters/article-repository.ts';
import { maxInlineItemBytes, type VersionObjects } from '../../functions/adapters/article-item.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import { paragraphsToHtml } from '../../functions/core/normalise/html.ts';
import { storedImageOf } from '../../functions/publish/stream-records.ts';
import { useLocalServices } from '../support/services.ts';
import { sampleArticle, tag } from '../support/articles.ts';

const services = await useLocalServices('article-repository');
const documents = services.documents;
const repository = new DynamoArticleRepository(documents, services.tableName);
/** What publish does from the stream (test/adapters/feed-entries.test.ts): the repository's writes leave the feed index alone. */
const feedEntries = new DynamoFeedEntries(documents, services.tableName);
const objects = (id: string, v: number): VersionObjects => ({ raw: `raw/${id}/v${v}-x.txt`, json: `articles/${id}/v${v}.json`, ninjs: `articles/${id}/v${v}.ninjs.json` });

let n = 0;
let id = '';
beforeEach(() => {
  id = `art_repo${++n}`;
});

const keysOf = async () => (await services.scanAll()).filter((i) => JSON.stringify(i).includes(id)).map((i) => `${i.pk} ${i.sk}`).sort();

describe('the article repository on DynamoDB Local', () => {
  it('creates an article as one set of items: LATEST, version and locks; no feed entry (publish writes those)', async () => {
    const article = sampleArticle({ id, source: { format: 'json', sourceId: 'src-1' } });
    await repository.write({ after: article, objects: objects(id, 1), sourceHash: 'h1' });

    expect((await repository.get(id))?.article).toEqual(article);
    expect(await repository.idByFingerprint('harbour-news', article.fingerprint)).toBe(id);
    expect(await repository.idBySource('harbour-news', 'h1')).toBe(id);
    expect(await keysOf()).toEqual(
      [
        `ARTICLE#${id} LATEST`,
        `ARTICLE#${id} V#000001`,
        `FINGERPRINT#harbour-news#${article.fingerprint} LOCK`,
        `SOURCE#harbour-news#h1 LOCK`,
      ].sort(),
    );
    expect((await repository.feed('tag/estuary', { limit: 10 })).entries.map((e) => e.article.id)).not.toContain(id);
    // Once publish has written the entries, the list reads the article from its LATEST item.
    await feedEntries.writeEntriesOf([], article);
    expect((await repository.feed('tag/estuary', { limit: 10 })).entries.map((e) => e.article)).toContainEqual(article);
  });

  it('refuses a second creation of the same id as a WriteConflict and changes nothing', async () => {
    const article = sampleArticle({ id });
    await repository.write({ after: article, objects: objects(id, 1) });
    const before = await services.scanAll();
    await expect(repository.write({ after: { ...article, headline: 'Other' }, objects: objects(id, 1) })).rejects.toBeInstanceOf(WriteConflict);
    expect(await services.scanAll()).toEqual(before);
  });

  it('applies a correction from the state it was read in', async () => {
    const v1 = sampleArticle({ id });
    await repository.write({ after: v1, objects: objects(id, 1) });
    const current = (await repository.get(id))!;
    const v2 = sampleArticle({ id, version: 2, headline: 'Ferry service resumes, with delays', tags: [tag('estuary')], publishedAt: '2024-05-01T09:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z' });
    await repository.write({ before: current, after: v2, objects: objects(id, 2) });

    expect((await repository.get(id))?.article).toEqual(v2);
    expect(await keysOf()).toEqual(
      [
        `ARTICLE#${id} LATEST`,
        `ARTICLE#${id} V#000001`,
        `ARTICLE#${id} V#000002`,
        `FINGERPRINT#harbour-news#${v1.fingerprint} LOCK`,
        `FINGERPRINT#harbour-news#${v2.fingerprint} LOCK`,
      ].sort(),
    );
    // The same correction again, from the now-stale state: rejected whole.
    await expect(repository.write({ before: current, after: { ...v2, version: 3 }, objects: objects(id, 3) })).rejects.toBeInstanceOf(WriteConflict);
    expect((await repository.get(id))?.article.version).toBe(2);
  });

  it('withdraws: the article stays for audit, and a list drops it even before publish removes its entries', async () => {
    await repository.write({ after: sampleArticle({ id }), objects: objects(id, 1) });
    const current = (await repository.get(id))!;
    await feedEntries.writeEntriesOf([], current.article);
    const withdrawn = { ...current.article, status: 'withdrawn' as const, withdrawnAt: '2024-05-02T00:00:00.000Z', updatedAt: '2024-05-02T00:00:00.000Z' };
    await repository.write({ before: current, after: withdrawn, objects: current.objects! });
    expect((await repository.get(id))?.article.status).toBe('withdrawn');
    expect((await keysOf()).filter((k) => k.startsWith('FEED#'))).toHaveLength(4);
    expect((await repository.feed('tag/estuary', { limit: 100 })).entries.map((e) => e.article.id)).not.toContain(id);
  });

  it('keeps an embargoed article out of feeds until released', async () => {
    const embargoed = sampleArticle({ id, status: 'embargoed', embargoUntil: '2030-01-01T00:00:00.000Z', publishedAt: '2030-01-01T00:00:00.000Z' });
    await repository.write({ after: embargoed, objects: objects(id, 1) });
    expect(await repository.embargoesDue('2029-12-31T23:59:59.999Z')).not.toContainEqual({ articleId: id, embargoUntil: '2030-01-01T00:00:00.000Z' });
    expect(await repository.embargoesDue('2030-01-01T00:00:00.000Z')).toContainEqual({ articleId: id, embargoUntil: '2030-01-01T00:00:00.000Z' });

    const current = (await repository.get(id))!;
    await repository.write({ before: current, after: { ...embargoed, status: 'published', updatedAt: '2030-01-01T00:00:01.000Z' }, objects: current.objects! });
    expect((await keysOf()).filter((k) => k.startsWith('EMBARGO'))).toEqual([]);
  });

  it('stores a body once when its HTML is the one built from its paragraphs, and reads it back whole', async () => {
    const body = ['Tolls rise in January & the "new" lane opens.', 'The footpath follows <in spring>.'];
    const article = sampleArticle({ id, body, bodyHtml: paragraphsToHtml(body) });
    await repository.write({ after: article, objects: objects(id, 1) });
    const latest = (await services.scanAll()).find((i) => i.pk === `ARTICLE#${id}` && i.sk === 'LATEST')!;
    expect(latest.bodyHtml).toBeUndefined();
    expect(latest.bodyHtmlFromBody).toBe(true);
    expect((await repository.get(id))?.article).toEqual(article);
    // The stream's image of the item reads the same (publish, webhooks), and checks against the schema.
    expect(storedImageOf(latest).article).toEqual(article);
    // Other HTML (a page's own, images in it) is kept as it came.
    const other = sampleArticle({ id: `${id}-html`, fingerprint: 'c'.repeat(64), body, bodyHtml: '<p>Tolls rise</p><figure><img src="https://example.org/a.jpg" alt=""></figure>' });
    await repository.write({ after: other, objects: objects(other.id, 1) });
    expect((await repository.get(other.id))?.article).toEqual(other);
  });

  it('leaves a body too big for an item in S3 and says where', async () => {
    const paragraph = 'Tide tables were reprinted for the season. '.repeat(200);
    const big = sampleArticle({ id, body: Array.from({ length: 40 }, () => paragraph) });
    await repository.write({ after: big, objects: objects(id, 1) });
    const stored = (await repository.get(id))!;
    expect(stored.bodyRef).toBe(`articles/${id}/v1.json`);
    expect(stored.article.body).toEqual([]);
    expect(stored.article.headline).toBe(big.headline);
    const latest = (await services.scanAll()).find((i) => i.pk === `ARTICLE#${id}` && i.sk === 'LATEST')!;
    expect(Buffer.byteLength(JSON.stringify(latest))).toBeLessThan(maxInlineItemBytes);
  });

  it('files near-duplicate buckets one item each, in the slot after the newest read; a filing from a stale read conflicts', async () => {
    const buckets = [`b0-${id}`, `b1-${id}`];
    const filing = (clusterRoot: string, newest: Record<string, number>) => ({ buckets, signature: 'sig', clusterRoot, newest });
    const first = sampleArticle({ id, fingerprint: 'a'.repeat(64) });
    const lookup = await repository.nearDuplicateCandidates(buckets);
    expect(lookup).toEqual({ candidates: [], newest: { [buckets[0]!]: 0, [buckets[1]!]: 0 } });
    await repository.write({ after: first, objects: objects(id, 1), nearDuplicate: filing(id, lookup.newest) });
    const items = (await services.scanAll()).filter((i) => String(i.pk).startsWith('NEARDUP#') && String(i.pk).endsWith(id));
    expect(items.map((i) => `${i.pk} ${i.sk}`).sort()).toEqual(buckets.map((b) => `NEARDUP#${b} N#0000000001`));

    // A second article that read the buckets before the first was filed: its whole transaction is refused.
    const copy = sampleArticle({ id: `${id}-copy`, fingerprint: 'b'.repeat(64) });
    const before = await services.scanAll();
    await expect(repository.write({ after: copy, objects: objects(copy.id, 1), nearDuplicate: filing(copy.id, lookup.newest) })).rejects.toBeInstanceOf(WriteConflict);
    expect(await services.scanAll()).toEqual(before);
    // Read again, it sees the first and takes the next slots.
    const again = await repository.nearDuplicateCandidates(buckets);
    expect(again.candidates.map((c) => c.articleId)).toEqual([id, id]);
    await repository.write({ after: copy, objects: objects(copy.id, 1), nearDuplicate: filing(id, again.newest) });
    expect((await repository.nearDuplicateCandidates(buckets)).newest).toEqual({ [buckets[0]!]: 2, [buckets[1]!]: 2 });
  });

  it('pages a feed newest first with an opaque cursor', async () => {
    const feedTag = `page-${id}`;
    for (let i = 0; i < 5; i++) {
      const aid = `${id}-${i}`;
      const article = sampleArticle({ id: aid, fingerprint: `${i}`.repeat(64), tags: [tag(feedTag)], publishedAt: `2024-06-0${i + 1}T00:00:00.000Z` });
      await repository.write({ after: article, objects: objects(aid, 1) });
      await feedEntries.writeEntriesOf([], article);
    }
    const first = await repository.feed(`tag/${feedTag}`, { limit: 2 });
    const second = await repository.feed(`tag/${feedTag}`, { limit: 2, cursor: first.nextCursor! });
    const third = await repository.feed(`tag/${feedTag}`, { limit: 2, cursor: second.nextCursor! });
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.article.id)).toEqual([4, 3, 2, 1, 0].map((i) => `${id}-${i}`));
    await expect(repository.feed('all', { limit: 2, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursor);
  });
});
