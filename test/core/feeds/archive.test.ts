/**
 * RFC 5005 archive documents of a realistic set (the reference and dev-set
 * articles, spread over months): valid like every feed (RFC 4287 schema, strict
 * XML, rss-parser and feedsmith), marked `fh:archive`, linked to the
 * subscription document and to the previous month.
 */
import { describe, expect, it } from 'vitest';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import type { Article } from '../../../functions/core/article/schema.ts';
import { archiveMonth, archiveView, withArchiveLink } from '../../../functions/core/feeds/archive.ts';
import { renderFeedView } from '../../../functions/core/feeds/render.ts';
import { feedView, type FeedFormat } from '../../../functions/core/feeds/view.ts';
import { devSetArticles, referenceArticle, settings } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, readWithFeedsmith, readWithRssParser, strictXmlErrors, wellFormed } from './parse-back.ts';

const articles: Article[] = [referenceArticle(), ...devSetArticles()];
const months = [...new Set(articles.map((a) => archiveMonth(a.publishedAt)))].sort();
const files = (view: ReturnType<typeof feedView>) => Object.fromEntries(renderFeedView(view).map((f) => [f.format, f.body])) as Record<FeedFormat, string>;
const archives = months.map((month, i) => ({ month, view: archiveView('all', month, articles, months[i - 1], settings) }));

describe('feed archives (RFC 5005)', () => {
  it('spread the set over more than one month', () => {
    expect(months.length).toBeGreaterThan(1);
  });

  it('hold exactly the month’s articles, newest first', () => {
    for (const { month, view } of archives) {
      const expected = articles.filter((a) => archiveMonth(a.publishedAt) === month).map((a) => a.id).sort();
      expect(view.entries.map((e) => e.article.id).sort(), month).toEqual(expected);
    }
  });

  it('link prev-archive to the previous month and current to the subscription document, and say they are archives', () => {
    for (const [i, { month, view }] of archives.entries()) {
      const { rss, atom, json } = files(view);
      const previous = months[i - 1];
      const atomLinks = parseAtomFeed(atom).links?.map((l) => [l.rel, l.href]) ?? [];
      expect(atomLinks).toContainEqual(['self', `https://feeds.example.com/feeds/archive/all/${month}.atom`]);
      expect(atomLinks).toContainEqual(['current', 'https://feeds.example.com/feeds/all.atom']);
      if (previous) expect(atomLinks).toContainEqual(['prev-archive', `https://feeds.example.com/feeds/archive/all/${previous}.atom`]);
      else expect(atomLinks.map(([rel]) => rel)).not.toContain('prev-archive');
      expect(atom).toContain('<fh:archive/>');
      expect(rss).toContain('<fh:archive/>');
      expect(parseRssFeed(rss).atom?.links?.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'current', ...(previous ? ['prev-archive'] : [])]));
      expect(JSON.parse(json)._syndication).toMatchObject({ archive: true, current: 'https://feeds.example.com/feeds/all.json' });
      expect(parseJsonFeed(json).feed_url).toBe(`https://feeds.example.com/feeds/archive/all/${month}.json`);
    }
  });

  it('start from the subscription document, whose prev-archive is its newest article’s month', () => {
    const subscription = withArchiveLink(feedView('all', articles, settings), settings);
    const newest = months.at(-1);
    expect(parseAtomFeed(files(subscription).atom).links?.find((l) => l.rel === 'prev-archive')?.href).toBe(`https://feeds.example.com/feeds/archive/all/${newest}.atom`);
    expect(files(subscription).atom).not.toContain('fh:archive');
    expect(withArchiveLink(feedView('tag/nothing', [], settings), settings).history).toBeUndefined();
  });

  it('are well-formed, valid against RFC 4287 and read back by rss-parser and feedsmith', async (context) => {
    const all = archives.map(({ view }) => ({ view, docs: files(view) }));
    for (const { view, docs } of all) {
      expect(wellFormed(docs.rss)).toBe(true);
      expect(wellFormed(docs.atom)).toBe(true);
      const ids = view.entries.map((e) => e.id);
      expect((await readWithRssParser(docs.rss)).map((i) => i.id)).toEqual(ids);
      expect((await readWithRssParser(docs.atom)).map((i) => i.id)).toEqual(ids);
      for (const format of ['rss', 'atom', 'json'] as const) expect(readWithFeedsmith(format, docs[format]).map((i) => i.id)).toEqual(ids);
    }
    if (!jingAvailable) return context.skip(jingMissingMessage);
    expect(atomSchemaErrors(all.map((a) => a.docs.atom))).toBe('');
    expect(strictXmlErrors(all.map((a) => a.docs.rss))).toBe('');
  });
});
