/**
 * One article made of everything that breaks naive feeds, rendered in every
 * format and read back by independent parsers: the text must come back intact
 * minus only the characters XML cannot carry.
 */
import { describe, expect, it } from 'vitest';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { renderFeed } from '../../../functions/core/feeds/render.ts';
import { escapeHtml } from '../../../functions/core/normalise/html.ts';
import { cleaned, hostile, hostileArticle, settings } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, readWithRssParser, strictXmlErrors, wellFormed } from './parse-back.ts';

const article = hostileArticle();
const [rss, atom, json] = renderFeed('all', [article], settings).map((f) => f.body) as [string, string, string];
const headline = cleaned(article.headline);
const summary = cleaned(article.summary);

describe('a hostile article', () => {
  it('has every kind of trouble in it (the fixture is what it claims)', () => {
    expect(article.headline).toMatch(/[\u0000\u0001\u000B\uFFFE]/);
    expect(article.headline).toMatch(/\uD800x/);
    expect(article.headline).toContain(']]>');
    expect(article.headline).toContain('🇸🇾');
    expect(article.headline).toMatch(/[\u0600-\u06FF]/);
  });

  it('renders well-formed XML in RSS and Atom', () => {
    expect(wellFormed(rss)).toBe(true);
    expect(wellFormed(atom)).toBe(true);
  });

  it('passes a strict XML 1.0 parser and the RFC 4287 schema', (context) => {
    if (!jingAvailable) return context.skip(jingMissingMessage);
    expect(strictXmlErrors([rss, atom])).toBe('');
    expect(atomSchemaErrors([atom])).toBe('');
  });

  it('reads back from RSS with emoji, right-to-left text, markup characters and ]]> intact', async () => {
    const item = parseRssFeed(rss).items?.[0];
    expect(item?.title).toBe(headline);
    // <description> is entity-encoded HTML: what a reader shows of it is the summary, as text.
    expect(item?.description).toBe(escapeHtml(summary));
    expect(item?.dc?.creators).toEqual([cleaned(article.byline ?? '').trim()]); // feedsmith trims
    expect(item?.categories?.map((c) => c.name)).toEqual(['opslens', 'syria', 'odd&id']);
    expect((await readWithRssParser(rss))[0]?.title).toBe(headline);
  });

  it('reads back from Atom the same way', async () => {
    const entry = parseAtomFeed(atom).entries?.[0];
    expect(entry?.title).toEqual(expect.objectContaining({ value: headline }));
    expect(entry?.categories?.[2]?.label).toBe(cleaned(article.tags[2]?.label ?? ''));
    expect((await readWithRssParser(atom))[0]?.title).toBe(headline);
  });

  it('reads back from JSON Feed without lone surrogates or control characters', () => {
    expect(json).not.toMatch(/\\u0000|\\ud800|\\udc00|\\udbff/i);
    const item = parseJsonFeed(json).items?.[0];
    expect(item?.title).toBe(headline);
    expect(item?.summary).toBe(summary);
    expect(Buffer.from(json, 'utf8').toString('utf8')).toBe(json);
  });

  it('keeps every visible character: emoji, RTL, quotes and markup survive', () => {
    for (const piece of [hostile.emoji, hostile.rtl, hostile.markup]) expect(headline).toContain(piece);
  });
});
