import { describe, expect, it } from 'vitest';
import { parseAtomFeed } from 'feedsmith';
import { renderAtom } from '../../../functions/core/feeds/atom.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { makeArticle, settings, tagsFor } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, readWithFeedsmith, readWithRssParser, wellFormed } from './parse-back.ts';

const article = makeArticle({
  id: 'a1',
  tags: tagsFor(['opslens', 'syria']),
  publishedAt: '2024-03-01T12:00:00+01:00',
  updatedAt: '2024-03-02T08:00:00.500Z',
});
const french = makeArticle({ id: 'fr1', language: 'fr', byline: 'Marie Curie', publishedAt: '2024-02-01T00:00:00Z', updatedAt: '2024-02-01T00:00:00Z' });
const xml = renderAtom(feedView('all', [article, french], settings));
const feed = parseAtomFeed(xml);

describe('Atom 1.0 renderer', () => {
  it('writes well-formed Atom in the Atom namespace with the feed language', () => {
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
  });

  it('validates against the RFC 4287 RELAX NG schema, empty feeds too', (context) => {
    if (!jingAvailable) return context.skip(jingMissingMessage);
    expect(atomSchemaErrors([xml, renderAtom(feedView('tag/none', [], settings))])).toBe('');
  });

  it('names the feed with a tag: URI distinct per feed, and the entry with the article id shared by all feeds', () => {
    const tagFeed = parseAtomFeed(renderAtom(feedView('tag/syria', [article], settings)));
    expect(feed.id).toBe('tag:feeds.example.com,2025:feed/all');
    expect(tagFeed.id).toBe('tag:feeds.example.com,2025:feed/tag/syria');
    expect(tagFeed.entries?.[0]?.id).toBe(feed.entries?.[0]?.id);
  });

  it('dates feed and entries in RFC 3339 from the articles', () => {
    expect(feed.updated).toBe('2024-03-02T08:00:00.500Z');
    expect(feed.entries?.[0]).toMatchObject({ updated: '2024-03-02T08:00:00.500Z', published: '2024-03-01T11:00:00Z' });
  });

  it('has a typed self link, a hub link and an author on every entry', () => {
    expect(feed.links).toEqual(
      expect.arrayContaining([
        { rel: 'self', type: 'application/atom+xml', href: 'https://feeds.example.com/feeds/all.atom' },
        { rel: 'hub', href: 'https://hub.example.com/' },
      ]),
    );
    expect(feed.entries?.map((e) => e.authors?.map((a) => a.name))).toEqual([['OpsLens'], ['Marie Curie']]);
    expect(feed.authors?.map((a) => a.name)).toEqual(['Syndicate']);
    expect(parseAtomFeed(renderAtom(feedView('publisher/opslens', [article], settings))).authors?.map((a) => a.name)).toEqual(['OpsLens']);
  });

  it('carries html content, a text summary and categories with term, scheme and label', () => {
    const entry = feed.entries?.[0];
    expect(xml).toContain(`<content type="html">${article.bodyHtml.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</content>`);
    expect(entry?.summary).toEqual(expect.objectContaining({ value: article.summary }));
    expect(entry?.categories).toEqual([
      { term: 'opslens', scheme: 'https://feeds.example.com/pages/tags/', label: 'OpsLens' },
      { term: 'syria', scheme: 'https://feeds.example.com/pages/tags/', label: 'Syria' },
    ]);
  });

  it('marks an entry whose language differs from the feed with xml:lang', () => {
    expect(xml).toContain('<entry xml:lang="fr"><id>tag:feeds.example.com,2025:article/fr1</id>');
    expect(xml).toContain('<entry><id>tag:feeds.example.com,2025:article/a1</id>');
  });

  it('leaves out a language that is not a well-formed tag instead of writing a broken xml:lang', () => {
    const odd = makeArticle({ id: 'odd', language: 'en_GB!' });
    expect(renderAtom(feedView('all', [odd], { ...settings, language: 'not a tag' }))).toMatch(/<feed [^>]*xml:lang="en"><id>.*<entry><id>/);
  });

  it('round-trips id, title, link and date through rss-parser and feedsmith', async () => {
    const expected = [
      { id: 'tag:feeds.example.com,2025:article/a1', title: article.headline, link: 'https://feeds.example.com/pages/articles/a1.html', date: '2024-03-01T11:00:00.000Z' },
      { id: 'tag:feeds.example.com,2025:article/fr1', title: french.headline, link: 'https://feeds.example.com/pages/articles/fr1.html', date: '2024-02-01T00:00:00.000Z' },
    ];
    expect(readWithFeedsmith('atom', xml)).toEqual(expected);
    expect(await readWithRssParser(xml)).toEqual(expected);
  });
});
