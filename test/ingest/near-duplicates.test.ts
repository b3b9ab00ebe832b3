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

const { handler, post, services, adminKey, feeds } = await ingestHarness('ingest-near-duplicates');
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

    await feeds.catchUp();
    const listed = bodyOf<{ articles: { id: string }[] }>(await get('/articles')).articles.map((a) => a.id);
    expect(listed).toEqual(expect.arrayContaining([first.id, copy.id]));
    const distinct = bodyOf<{ articles: { id: string }[] }>(await get('/articles', { distinct: 'true' })).articles.map((a) => a.id);
    expect(distinct).toContain(first.id);
    expect(distinct).not.toContain(copy.id);
    expect((await get('/articles', { distinct: 'maybe' })).statusCode).toBe(400);
  });

  it('links one of two copies of a story ingested at the same moment to the other', async () => {
    // Several rounds, each a new story, so that both copies of some round read their buckets before
    // either is written: the write of the later one must then fail on the buckets' slots and be retried.
    const stories = [
      ['The ferry between the two harbours resumed on Monday after its engine was replaced over the winter.', 'The operator said crossings would run every two hours until the summer timetable begins.', 'Passengers had used a longer road route around the bay while the ferry was out of service.'],
      ['The town library reopened its reading room after a leaking roof was repaired with help from volunteers.', 'Staff said the local history collection, moved to the basement during the works, is back on its shelves.', 'Opening hours return to six days a week, with late evenings on Thursdays for students.'],
      ['Beekeepers in the valley reported their best honey harvest in a decade after a mild and wet spring.', 'The growers\' cooperative said it would open a second extraction room to cope with the volume.', 'Prices at the autumn market are expected to fall slightly for the first time in years.'],
      ['A freight train carrying timber derailed at low speed near the old quarry sidings early on Sunday.', 'No one was hurt, the rail company said, and the line reopened to passenger services by the afternoon.', 'Investigators are examining a section of track that had been scheduled for renewal next month.'],
    ];
    for (const [round, lines] of stories.entries()) {
      const [a, b] = await Promise.all([
        post(story('Harbour Wire', `Local report ${round + 1}`, lines), 'text/plain'),
        post(story('Northern Courier', `From the region, report ${round + 1}`, [`PORTHAVEN (Northern Courier) — ${lines[0]}`, ...lines.slice(1)]), 'text/plain'),
      ]);
      expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([201, 201]);
      const ids = [bodyOf<{ id: string }>(a).id, bodyOf<{ id: string }>(b).id];
      const links = await Promise.all(ids.map(async (id) => bodyOf<{ nearDuplicateOf?: string }>(await get(`/articles/${id}`)).nearDuplicateOf));
      // Exactly one of the two is the cluster's first article; the other points at it.
      expect(links.filter((link) => link === undefined), `story ${round + 1}: ${JSON.stringify(links)}`).toHaveLength(1);
      expect(links.find((link) => link !== undefined)).toBe(ids[links.indexOf(undefined) as 0 | 1]);
    }
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
