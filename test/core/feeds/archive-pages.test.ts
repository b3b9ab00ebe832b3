/**
 * RFC 5005 archive pages of a realistic set (the reference and dev-set articles) cut into pages of
 * three: valid like every feed (RFC 4287 schema, strict XML, rss-parser and feedsmith), marked
 * `fh:archive`, linked to the page before and to the subscription document, and named by what they hold.
 */
import { describe, expect, it } from 'vitest';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import type { Article } from '../../../functions/core/article/schema.ts';
import { archivePageView, pageObjectBase, withPrevArchive, type PageRef } from '../../../functions/core/feeds/archive-pages.ts';
import { renderFeedView } from '../../../functions/core/feeds/render.ts';
import { feedView, type FeedFormat } from '../../../functions/core/feeds/view.ts';
import { devSetArticles, referenceArticle, settings } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, readWithFeedsmith, readWithRssParser, strictXmlErrors, wellFormed } from './parse-back.ts';

const articles: Article[] = [referenceArticle(), ...devSetArticles()];
const sk = (a: Article) => `${a.publishedAt}#${a.id}`;
const oldestFirst = [...articles].sort((a, b) => (sk(a) < sk(b) ? -1 : 1));
const SIZE = 3;
const chunks = Array.from({ length: Math.floor(oldestFirst.length / SIZE) }, (_, i) => oldestFirst.slice(i * SIZE, (i + 1) * SIZE));
const refs: PageRef[] = chunks.map((chunk, i) => ({ number: i + 1, to: sk(chunk.at(-1)!) }));
const pages = chunks.map((chunk, i) => ({ ref: refs[i]!, view: archivePageView('all', refs[i]!, refs[i - 1], chunk, settings) }));
const files = (view: ReturnType<typeof feedView>) => Object.fromEntries(renderFeedView(view).map((f) => [f.format, f.body])) as Record<FeedFormat, string>;
const url = (ref: PageRef, format: FeedFormat) => `https://feeds.example.com/${pageObjectBase('all', ref)}.${format}`;

describe('feed archive pages (RFC 5005)', () => {
  it('cut the set into more than one page', () => {
    expect(pages.length).toBeGreaterThan(1);
  });

  it('hold exactly their entries, newest first', () => {
    for (const [i, { view }] of pages.entries()) expect(view.entries.map((e) => e.article.id)).toEqual(chunks[i]!.map((a) => a.id).reverse());
  });

  it('link prev-archive to the page before and current to the subscription document, and say they are archives', () => {
    for (const [i, { ref, view }] of pages.entries()) {
      const { rss, atom, json } = files(view);
      const previous = refs[i - 1];
      const atomLinks = parseAtomFeed(atom).links?.map((l) => [l.rel, l.href]) ?? [];
      expect(atomLinks).toContainEqual(['self', url(ref, 'atom')]);
      expect(atomLinks).toContainEqual(['current', 'https://feeds.example.com/feeds/all.atom']);
      if (previous) expect(atomLinks).toContainEqual(['prev-archive', url(previous, 'atom')]);
      else expect(atomLinks.map(([rel]) => rel)).not.toContain('prev-archive');
      expect(atom).toContain('<fh:archive/>');
      expect(rss).toContain('<fh:archive/>');
      expect(parseRssFeed(rss).atom?.links?.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'current', ...(previous ? ['prev-archive'] : [])]));
      expect(JSON.parse(json)._syndication).toMatchObject({ archive: true, current: 'https://feeds.example.com/feeds/all.json' });
      expect(parseJsonFeed(json).feed_url).toBe(url(ref, 'json'));
    }
  });

  it('are named by number and boundary: another boundary for the same number is another file', () => {
    expect(pageObjectBase('tag/syria', { number: 7, to: '2024-01-01T00:00:00.000Z#a' })).toMatch(/^feeds\/archive\/tags\/syria\/page-7-[0-9a-f]{8}$/);
    expect(pageObjectBase('all', { number: 7, to: 'x' })).not.toBe(pageObjectBase('all', { number: 7, to: 'y' }));
    expect(pageObjectBase('all', { number: 7, to: 'x' })).toBe(pageObjectBase('all', { number: 7, to: 'x' }));
  });

  it('start from the subscription document, whose prev-archive is the newest page', () => {
    const subscription = withPrevArchive(feedView('all', articles, settings), settings, refs.at(-1));
    expect(parseAtomFeed(files(subscription).atom).links?.find((l) => l.rel === 'prev-archive')?.href).toBe(url(refs.at(-1)!, 'atom'));
    expect(files(subscription).atom).not.toContain('fh:archive');
    expect(withPrevArchive(feedView('all', articles, settings), settings, undefined).history).toBeUndefined();
  });

  it('are well-formed, valid against RFC 4287 and read back by rss-parser and feedsmith, an emptied page too', async (context) => {
    const emptied = archivePageView('all', refs[0]!, undefined, [], settings, [{ ...chunks[0]![0]!, status: 'withdrawn', withdrawnAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }]);
    expect(emptied.updated).toBe('2026-01-01T00:00:00.000Z');
    const all = [...pages.map((p) => p.view), emptied].map((view) => ({ view, docs: files(view) }));
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
