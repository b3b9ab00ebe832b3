/**
 * The entry cache changes no byte: every feed of a realistic set (the reference article, the dev
 * set, the hostile article), every format, its listing page and its archive pages render the same
 * with the cache as without it, on the first render (parts built) and on the next ones (parts
 * reused); a correction or a withdrawal is a new state, never served from what was held; settings
 * that change an entry's text (another id authority, base URL) never share a part.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article/schema.ts';
import { archivePageView } from '../../functions/core/feeds/archive-pages.ts';
import { feedsOf, type FeedKey } from '../../functions/core/feeds/keys.ts';
import { renderFeedView } from '../../functions/core/feeds/render.ts';
import { feedView, type FeedSettings } from '../../functions/core/feeds/view.ts';
import { renderFeedSitePage } from '../../functions/core/site/render.ts';
import { EntryFragmentCache } from '../../functions/publish/entry-cache.ts';
import { devSetArticles, hostile, hostileArticle, illustratedArticle, referenceArticle, settings } from '../core/feeds/fixtures.ts';

const reference = referenceArticle();
const dev = devSetArticles();
const stored: Article[] = [reference, ...dev, hostileArticle(), illustratedArticle()];
const feedKeys = (articles: readonly Article[]) => [...new Set(articles.flatMap((a) => feedsOf(a)))].sort();

/** Every document of feed `key` over `articles`: three formats and the listing page. */
function documents(key: FeedKey, articles: readonly Article[], using: FeedSettings): Record<string, string> {
  const view = feedView(key, articles, using);
  return {
    ...Object.fromEntries(renderFeedView(view).map((f) => [f.format, f.body])),
    page: renderFeedSitePage(view, using).body,
  };
}

const everyFeed = (articles: readonly Article[], using: FeedSettings) => Object.fromEntries(feedKeys(articles).map((key) => [key, documents(key, articles, using)]));

describe('the entry cache', () => {
  it('renders every feed, format and page of the realistic set byte for byte as without it, first and again', () => {
    const cache = new EntryFragmentCache();
    const cached = { ...settings, entryCache: cache };
    const plain = everyFeed(stored, settings);
    expect(Object.keys(plain).length).toBeGreaterThan(30);
    expect(everyFeed(stored, cached)).toEqual(plain);
    const built = cache.built;
    expect(cache.reused).toBeGreaterThan(built); // articles are in many feeds: most parts come back
    expect(everyFeed(stored, cached)).toEqual(plain);
    expect(cache.built).toBe(built); // nothing built again for the same states
    // The hostile text is in there, escaped the same way.
    expect(plain['all']!.rss).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(plain['all']!.json).toContain(hostile.emoji);
  });

  it('renders an empty feed and archive pages the same', () => {
    const cached = { ...settings, entryCache: new EntryFragmentCache() };
    expect(documents('tag/nowhere', stored, cached)).toEqual(documents('tag/nowhere', stored, settings));
    const page = { number: 2, to: '9999' };
    const previous = { number: 1, to: '0000' };
    for (let round = 0; round < 2; round++) {
      for (const using of [settings, cached]) {
        const bodies = renderFeedView(archivePageView('all', page, previous, stored, using)).map((f) => f.body);
        expect(bodies).toEqual(renderFeedView(archivePageView('all', page, previous, stored, settings)).map((f) => f.body));
      }
    }
  });

  it('never serves a corrected or withdrawn article from what it held', () => {
    const cached = { ...settings, entryCache: new EntryFragmentCache() };
    everyFeed(stored, cached);
    const [first, second] = dev as [Article, Article];
    const corrected: Article = { ...first, version: 2, headline: `${first.headline} (corrected <now>)`, bodyHtml: `${first.bodyHtml}<p>Correction &amp; apology.</p>`, updatedAt: '2019-02-01T09:00:00.000Z' };
    const withdrawn: Article = { ...second, version: 2, status: 'withdrawn', withdrawnAt: '2019-02-02T09:00:00.000Z', updatedAt: '2019-02-02T09:00:00.000Z' };
    const after = stored.map((a) => (a.id === first.id ? corrected : a.id === second.id ? withdrawn : a));
    const rendered = everyFeed(after, cached);
    expect(rendered).toEqual(everyFeed(after, settings));
    expect(rendered['all']!.atom).toContain('(corrected &lt;now&gt;)');
    expect(rendered['all']!.json).toContain('Correction &amp; apology.');
    for (const files of Object.values(rendered)) expect(files.json).not.toContain(second.headline.slice(0, 40));
  });

  it('keeps what depends on the settings apart, and stays within its bound', () => {
    const cache = new EntryFragmentCache(64 * 1024);
    const other: FeedSettings = { ...settings, idAuthority: 'other.example.net,2024', feedsBaseUrl: 'https://other.example.net' };
    for (let round = 0; round < 2; round++) {
      for (const using of [settings, other]) {
        expect(everyFeed(stored, { ...using, entryCache: cache })).toEqual(everyFeed(stored, using));
      }
    }
    expect(cache.size).toBeLessThan(stored.length); // a bound of 64 KB holds a few articles' parts, not all of them
  });
});
