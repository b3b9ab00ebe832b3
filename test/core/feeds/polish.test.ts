/** What readers notice: ids that survive a host move, emptied feeds that keep their date and name, summaries without standfirst marks. */
import { describe, expect, it } from 'vitest';
import { entryId, feedId, uuidV5 } from '../../../functions/core/feeds/ids.ts';
import { renderRss } from '../../../functions/core/feeds/rss.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { makeArticle, settings, tagsFor } from './fixtures.ts';
import { readWithFeedsmith, readWithRssParser } from './parse-back.ts';

describe('permanent ids', () => {
  const recent = { id: 'a 1', publishedAt: '2027-01-05T10:00:00Z' };
  const old = { id: 'a 1', publishedAt: '2025-06-01T10:00:00Z' };

  it('gives articles published from the cutover a UUID v5 that neither the feeds host nor the year changes', () => {
    const id = entryId(settings, recent);
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entryId({ idAuthority: 'feeds.moved.example,2025' }, recent)).toBe(id);
    expect(entryId({}, { ...recent, publishedAt: '2031-01-01T00:00:00Z' })).toBe(id);
    expect(entryId({}, { ...recent, id: 'a 2' })).not.toBe(id);
  });

  it('keeps the tag: id already published for older articles, and the feeds their tag: ids', () => {
    expect(entryId(settings, old)).toBe('tag:feeds.example.com,2025:article/a%201');
    expect(feedId(settings, 'tag/syria')).toBe('tag:feeds.example.com,2025:feed/tag/syria');
    expect(entryId({}, old)).toBe(entryId({}, recent));
  });

  it('computes UUID v5 as RFC 9562 does (its DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('a feed its last article left', () => {
  const before = makeArticle({ id: 'gone', tags: tagsFor(['opslens', 'syria']), updatedAt: '2024-03-01T12:00:00.000Z' });
  const after = { ...before, version: 2, status: 'withdrawn' as const, updatedAt: '2024-04-02T09:00:00.000Z', withdrawnAt: '2024-04-02T09:00:00.000Z' };
  const view = feedView('tag/syria', [], settings, [before, after]);

  it('keeps its label and moves its date forward to the withdrawal, never back to a constant', () => {
    expect(view.title).toBe('Syndicate: Syria');
    expect(view.updated).toBe('2024-04-02T09:00:00.000Z');
    expect(view.entries).toEqual([]);
  });

  it('names tags by the taxonomy label when it knows the concept, with no article to ask', () => {
    expect(feedView('tag/syria', [], { ...settings, conceptLabel: (id) => (id === 'syria' ? 'Syrian Arab Republic' : undefined) }).title).toBe('Syndicate: Syrian Arab Republic');
  });

  it('still reads as a valid feed to real parsers', async () => {
    const rss = renderRss(view);
    expect(rss).toContain('<lastBuildDate>Tue, 02 Apr 2024 09:00:00 GMT</lastBuildDate>');
    expect(await readWithRssParser(rss)).toEqual([]);
    expect(readWithFeedsmith('rss', rss)).toEqual([]);
  });
});

describe('summaries', () => {
  it('drop the quote marks that mark a standfirst, also for articles stored with them', () => {
    const stored = makeArticle({ standfirst: '“Quoted standfirst here.”', summary: '“Quoted standfirst here.”', tags: tagsFor(['opslens']) });
    const cut = makeArticle({ standfirst: `“${'word '.repeat(80)}end.”`, summary: `“${'word '.repeat(55).trim()}…`, tags: tagsFor(['opslens']) });
    const [a, b] = feedView('all', [stored, cut], settings).entries.sort((x, y) => x.article.id.localeCompare(y.article.id));
    expect(a?.summary).toBe('Quoted standfirst here.');
    expect(b?.summary).toMatch(/^word word .*…$/);
  });
});
