/**
 * The quality bar on a realistic set: the reference article, the dev-set
 * articles, a correction, a withdrawal and the hostile article, rendered as
 * every feed they produce (everything, each tag, each publisher) in every
 * format, and read back by independent parsers.
 */
import { describe, expect, it } from 'vitest';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import type { Article } from '../../../functions/core/article/schema.ts';
import { feedsOf, type FeedKey } from '#core/feeds/keys.ts';
import { renderFeed } from '../../../functions/core/feeds/render.ts';
import { feedView, type FeedFormat } from '../../../functions/core/feeds/view.ts';
import { devSetArticles, hostileArticle, referenceArticle, settings } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, jsonFeedSchemaErrors, readWithFeedsmith, readWithRssParser, strictXmlErrors, wellFormed } from './parse-back.ts';

const reference = referenceArticle();
const [first, second, ...otherDev] = devSetArticles() as [Article, Article, ...Article[]];
const corrected: Article = { ...first, version: 2, headline: `${first.headline} (corrected)`, updatedAt: '2019-02-01T09:00:00.000Z' };
const withdrawn: Article = { ...second, version: 2, status: 'withdrawn', withdrawnAt: '2019-02-02T09:00:00.000Z', updatedAt: '2019-02-02T09:00:00.000Z' };
const stored = [reference, first, corrected, second, withdrawn, ...otherDev, hostileArticle()];

const feedKeys = [...new Set(stored.flatMap((a) => feedsOf(a)))].sort();
const feeds = feedKeys.map((key) => ({ key, files: Object.fromEntries(renderFeed(key, stored, settings).map((f) => [f.format, f.body])) as Record<FeedFormat, string> }));
const feedOf = (key: FeedKey) => feeds.find((f) => f.key === key)?.files as Record<FeedFormat, string>;

describe('every feed of a realistic set', () => {
  it('covers everything, each tag and each publisher', () => {
    expect(feedKeys).toEqual(expect.arrayContaining(['all', 'tag/syria', 'tag/iraq', 'publisher/opslens', 'publisher/frontline-dispatch']));
    expect(feedKeys.length).toBeGreaterThan(30);
  });

  it('is well-formed XML in RSS and Atom, and JSON Feed valid against the JSON Feed 1.1 schema', () => {
    for (const { key, files } of feeds) {
      expect(wellFormed(files.rss), `${key}.rss`).toBe(true);
      expect(wellFormed(files.atom), `${key}.atom`).toBe(true);
    }
    expect(jsonFeedSchemaErrors(feeds.map((f) => f.files.json))).toBe('');
  });

  it('passes a strict XML 1.0 parser (RSS) and the RFC 4287 schema (Atom)', (context) => {
    if (!jingAvailable) return context.skip(jingMissingMessage);
    expect(strictXmlErrors(feeds.map((f) => f.files.rss))).toBe('');
    expect(atomSchemaErrors(feeds.map((f) => f.files.atom))).toBe('');
  });

  it('round-trips every item id, title, link and date through rss-parser and feedsmith', async () => {
    for (const { key, files } of feeds) {
      const expected = feedView(key, stored, settings).entries.map((e) => ({
        id: e.id,
        title: e.title.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ''),
        link: e.url,
        date: new Date(e.published).toISOString(),
      }));
      // Feeds only the withdrawn article was in are empty now, and must still read back (as empty).
      for (const format of ['rss', 'atom'] as const) {
        expect(await readWithRssParser(files[format]), `rss-parser ${key}.${format}`).toEqual(expected);
      }
      for (const format of ['rss', 'atom', 'json'] as const) {
        expect(readWithFeedsmith(format, files[format]), `feedsmith ${key}.${format}`).toEqual(expected);
      }
    }
  });

  it('puts in a tag feed only articles with that tag, in every format', () => {
    for (const { key, files } of feeds.filter((f) => f.key.startsWith('tag/'))) {
      const tagId = key.slice('tag/'.length);
      for (const item of parseRssFeed(files.rss).items ?? []) expect(item.categories?.map((c) => c.name), key).toContain(tagId);
      for (const entry of parseAtomFeed(files.atom).entries ?? []) expect(entry.categories?.map((c) => c.term), key).toContain(tagId);
      const json = JSON.parse(files.json) as { items: { _syndication: { tags: { id: string }[] } }[] };
      for (const item of json.items) expect(item._syndication.tags.map((t) => t.id), key).toContain(tagId);
    }
  });

  it('puts in a publisher feed only that publisher’s articles', () => {
    for (const { key, files } of feeds.filter((f) => f.key.startsWith('publisher/'))) {
      const json = JSON.parse(files.json) as { items: { _syndication: { publisher: { id: string } } }[] };
      expect(json.items.length, key).toBeGreaterThan(0);
      for (const item of json.items) expect(`publisher/${item._syndication.publisher.id}`).toBe(key);
    }
  });

  it('has the reference article in the syria feed', () => {
    const ids = parseJsonFeed(feedOf('tag/syria').json).items?.map((i) => i.id);
    expect(reference.tags.map((t) => t.id)).toContain('syria');
    expect(ids).toContain(`tag:feeds.example.com,2025:article/${encodeURIComponent(reference.id)}`);
    expect(parseRssFeed(feedOf('tag/syria').rss).items?.map((i) => i.title)).toContain(reference.headline);
  });

  it('shows the correction under the original id and leaves the withdrawn article out everywhere', () => {
    const all = parseAtomFeed(feedOf('all').atom);
    const correction = all.entries?.filter((e) => e.id === `tag:feeds.example.com,2025:article/${first.id}`);
    expect(correction).toHaveLength(1);
    expect(correction?.[0]).toMatchObject({ title: { value: corrected.headline }, updated: '2019-02-01T09:00:00Z' });
    for (const { key, files } of feeds) expect(files.rss.includes(`article/${second.id}<`), key).toBe(false);
  });

  it('renders the same bytes for the same articles in any order', () => {
    const again = renderFeed('all', [...stored].reverse(), settings).map((f) => f.body);
    expect(again).toEqual([feedOf('all').rss, feedOf('all').atom, feedOf('all').json]);
  });
});
