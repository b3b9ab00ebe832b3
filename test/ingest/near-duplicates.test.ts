/**
 * Near-duplicates through the ingest Lambda, on DynamoDB Local and s3rver: a
 * re-syndicated copy (another publisher, new headline, dateline, an added
 * line) is stored and published as usual but linked to the first article of
 * its cluster, in the article JSON and its ninjs; its buckets are filed in the
 * same transaction; `?distinct=true` leaves it out of the listing; a different
 * story on the same place is not linked.
 */
import { describe, expect, it } from 'vitest';
import { bodyOf, apiEvent } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, post, services, adminKey } = await ingestHarness('ingest-near-duplicates');
const get = (path: string, query?: Record<string, string>) => handler(apiEvent('GET', path, { key: adminKey, ...(query ? { query } : {}) }));

const paragraphs = [
  'Engineers reopened the road bridge below the dam on Tuesday after three weeks of repairs to its deck and railings.',
  'Local officials said the first aid convoys crossed within the hour, and that farm traffic would follow by the weekend.',
  'The crossing had been closed since a lorry struck one of its piers during a storm in early spring.',
];
// A text's first line names its publisher only when that publisher is known: register both outlets first.
for (const [id, name] of [['harbour-wire', 'Harbour Wire'], ['northern-courier', 'Northern Courier']]) {
  await handler(apiEvent('POST', '/publishers', { key: adminKey, contentType: 'application/json', body: JSON.stringify({ id, name }) }));
}
const story = (publisher: string, headline: string, body: string[]) => `${publisher}\n\n${headline}\n\n${body.join('\n\n')}\n`;

describe('near-duplicates at ingest', () => {
  it('links a re-syndicated copy to the first article, files four buckets with each, and lists only the first with distinct=true', async () => {
    const first = bodyOf<{ id: string }>(await post(story('Harbour Wire', 'Bridge below the dam reopens', paragraphs), 'text/plain'));
    const copyText = story('Northern Courier', 'Convoys cross the repaired dam bridge', [
      `RIVERTON (Northern Courier) — ${paragraphs[0]}`,
      ...paragraphs.slice(1),
      'This story has been updated with comment from officials.',
    ]);
    const created = await post(copyText, 'text/plain');
    expect(created.statusCode, created.body).toBe(201);
    const copy = bodyOf<{ id: string }>(created);

    const read = bodyOf<{ nearDuplicateOf?: string; similarity?: number }>(await get(`/articles/${copy.id}`));
    expect(read.nearDuplicateOf).toBe(first.id);
    expect(read.similarity).toBeGreaterThan(0.5);
    const ninjs = bodyOf<{ associations?: { name: string; uri: string }[] }>(await get(`/articles/${copy.id}.ninjs`));
    expect(ninjs.associations?.find((a) => a.name === 'near-duplicate-of')?.uri).toMatch(new RegExp(`/articles/${first.id}$`));
    expect(bodyOf<{ nearDuplicateOf?: string }>(await get(`/articles/${first.id}`)).nearDuplicateOf).toBeUndefined();

    const buckets = (await services.scanAll()).filter((item) => String(item.pk).startsWith('NEARDUP#'));
    expect(buckets.filter((b) => b.articleId === first.id)).toHaveLength(4);
    expect(buckets.filter((b) => b.articleId === copy.id).every((b) => b.clusterRoot === first.id)).toBe(true);

    const listed = bodyOf<{ articles: { id: string }[] }>(await get('/articles')).articles.map((a) => a.id);
    expect(listed).toEqual(expect.arrayContaining([first.id, copy.id]));
    const distinct = bodyOf<{ articles: { id: string }[] }>(await get('/articles', { distinct: 'true' })).articles.map((a) => a.id);
    expect(distinct).toContain(first.id);
    expect(distinct).not.toContain(copy.id);
    expect((await get('/articles', { distinct: 'maybe' })).statusCode).toBe(400);
  });

  it('does not link a different story about the same bridge', async () => {
    const other = await post(
      story('Harbour Wire', 'Bridge tolls to rise next year', [
        'Drivers using the road bridge below the dam will pay a higher toll from January, the regional transport authority said.',
        'The authority said the money would pay for a second lane and a footpath on the downstream side.',
      ]),
      'text/plain',
    );
    expect(bodyOf<{ nearDuplicateOf?: string }>(await get(`/articles/${bodyOf<{ id: string }>(other).id}`)).nearDuplicateOf).toBeUndefined();
  });
});
