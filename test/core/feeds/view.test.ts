import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../../functions/core/feeds/render.ts';
import { DEFAULT_ITEM_LIMIT, EMPTY_FEED_UPDATED, defaultIdAuthority, feedView } from '../../../functions/core/feeds/view.ts';
import { makeArticle, settings, tagsFor } from './fixtures.ts';

const hoursAfter = (h: number) => new Date(Date.UTC(2024, 0, 1, h)).toISOString();
const series = (n: number) => Array.from({ length: n }, (_, i) => makeArticle({ publishedAt: hoursAfter(i), updatedAt: hoursAfter(i) }));

describe('feed view', () => {
  it('lists the latest 50 by default, newest first', () => {
    const articles = series(60);
    const view = feedView('all', [...articles].reverse().sort(() => 0), settings);
    expect(view.entries).toHaveLength(DEFAULT_ITEM_LIMIT);
    expect(view.entries[0]?.article.id).toBe(articles[59]?.id);
    expect(view.entries.at(-1)?.article.id).toBe(articles[10]?.id);
  });

  it('honours a configured limit', () => {
    expect(feedView('all', series(8), { ...settings, itemLimit: 3 }).entries).toHaveLength(3);
  });

  it('orders the same whatever the input order, breaking time ties by id', () => {
    const same = [makeArticle({ id: 'b' }), makeArticle({ id: 'c' }), makeArticle({ id: 'a' })];
    const ids = (list: typeof same) => feedView('all', list, settings).entries.map((e) => e.article.id);
    expect(ids(same)).toEqual(['c', 'b', 'a']);
    expect(ids([...same].reverse())).toEqual(['c', 'b', 'a']);
  });

  it('leaves out withdrawn and embargoed articles', () => {
    const shown = makeArticle();
    const withdrawn = makeArticle({ status: 'withdrawn', withdrawnAt: hoursAfter(5) });
    const embargoed = makeArticle({ status: 'embargoed', embargoUntil: hoursAfter(50) });
    expect(feedView('all', [shown, withdrawn, embargoed], settings).entries.map((e) => e.article.id)).toEqual([shown.id]);
  });

  it('shows only the latest version of a corrected article, under the same id, with its new updated date', () => {
    const original = makeArticle({ publishedAt: hoursAfter(1), updatedAt: hoursAfter(1) });
    const corrected = { ...original, version: 2, headline: 'Corrected headline', updatedAt: hoursAfter(9) };
    const view = feedView('all', [corrected, original], settings);
    expect(view.entries).toHaveLength(1);
    expect(view.entries[0]).toMatchObject({ title: 'Corrected headline', published: hoursAfter(1), updated: hoursAfter(9) });
    expect(view.entries[0]?.id).toBe(feedView('all', [original], settings).entries[0]?.id);
    expect(view.updated).toBe(hoursAfter(9));
  });

  it('judges status and membership on the latest version only', () => {
    const original = makeArticle({ tags: tagsFor(['opslens', 'syria']) });
    const withdrawn = { ...original, version: 2, status: 'withdrawn' as const, withdrawnAt: hoursAfter(3) };
    const retagged = { ...original, version: 2, tags: tagsFor(['opslens', 'iraq']) };
    expect(feedView('all', [original, withdrawn], settings).entries).toEqual([]);
    expect(feedView('tag/syria', [original, retagged], settings).entries).toEqual([]);
    expect(feedView('tag/iraq', [original, retagged], settings).entries.map((e) => e.article.version)).toEqual([2]);
  });

  it('keeps out articles that do not belong to the feed', () => {
    const syria = makeArticle({ tags: tagsFor(['opslens', 'syria']) });
    const iraq = makeArticle({ tags: tagsFor(['opslens', 'iraq']), publisher: { id: 'frontline-dispatch', name: 'Frontline Dispatch' } });
    expect(feedView('tag/syria', [syria, iraq], settings).entries.map((e) => e.article.id)).toEqual([syria.id]);
    expect(feedView('publisher/frontline-dispatch', [syria, iraq], settings).entries.map((e) => e.article.id)).toEqual([iraq.id]);
  });

  it('takes the feed date from its newest change, never from the clock', () => {
    const articles = series(3);
    const first = renderFeed('all', articles, settings);
    const again = renderFeed('all', articles.map((a) => structuredClone(a)), settings);
    expect(again).toEqual(first);
    expect(feedView('all', articles, settings).updated).toBe(hoursAfter(2));
    expect(feedView('all', [], settings).updated).toBe(EMPTY_FEED_UPDATED);
    expect(feedView('all', [], { ...settings, updatedWhenEmpty: hoursAfter(7) }).updated).toBe(hoursAfter(7));
  });

  it('names feeds after their tag label or publisher name, with distinct ids and self URLs', () => {
    const article = makeArticle({ tags: tagsFor(['opslens', 'syria']) });
    const tag = feedView('tag/syria', [article], settings);
    const publisher = feedView('publisher/opslens', [article], settings);
    const all = feedView('all', [article], settings);
    expect(tag.title).toBe('Syndicate: Syria');
    expect(publisher.title).toBe('Syndicate: OpsLens');
    expect(new Set([tag.id, publisher.id, all.id]).size).toBe(3);
    expect(tag.selfUrls).toEqual({
      rss: 'https://feeds.example.com/feeds/tags/syria.rss',
      atom: 'https://feeds.example.com/feeds/tags/syria.atom',
      json: 'https://feeds.example.com/feeds/tags/syria.json',
    });
    expect(tag.homeUrl).toBe('https://feeds.example.com/pages/tags/syria.html');
    expect(all.homeUrl).toBe('https://feeds.example.com/pages/index.html');
    expect(publisher.homeUrl).toBe('https://feeds.example.com/pages/publishers/opslens.html');
  });

  it('links to the canonical page when there is one, else to our page for the article', () => {
    const own = makeArticle({ id: 'x 1' });
    const canonical = makeArticle({ source: { format: 'html', canonicalUrl: 'https://news.example.org/a' } });
    const [a, b] = feedView('all', [own, canonical], settings).entries.sort((x, y) => x.article.id.localeCompare(y.article.id));
    expect([a?.url, b?.url].sort()).toEqual(['https://feeds.example.com/pages/articles/x%201.html', 'https://news.example.org/a']);
    // Our page exists either way: it is where the feeds' own site links go.
    expect(a?.pageUrl).toBe(`https://feeds.example.com/pages/articles/${a?.article.id}.html`);
  });

  it('makes relative links in the content absolute, or drops them when there is no page to resolve against', () => {
    const bodyHtml = '<p><a href="/about">a</a><img src=\'img.png\'><a href="https://x.example/">b</a><a href="mailto:x@y">m</a></p>';
    const withPage = feedView('all', [makeArticle({ bodyHtml, source: { format: 'html', canonicalUrl: 'https://n.example/s/1' } })], settings);
    expect(withPage.entries[0]?.contentHtml).toBe(
      '<p><a href="https://n.example/about">a</a><img src="https://n.example/s/img.png"><a href="https://x.example/">b</a><a href="mailto:x@y">m</a></p>',
    );
    const withoutPage = feedView('all', [makeArticle({ bodyHtml })], settings);
    expect(withoutPage.entries[0]?.contentHtml).toBe('<p><a>a</a><img><a href="https://x.example/">b</a><a href="mailto:x@y">m</a></p>');
  });

  it('credits the byline, else the publisher', () => {
    const [bylined, anonymous] = [makeArticle({ byline: 'Jane Roe', publishedAt: hoursAfter(2) }), makeArticle({ publishedAt: hoursAfter(1) })];
    expect(feedView('all', [bylined, anonymous], settings).entries.map((e) => e.authors)).toEqual([['Jane Roe'], ['OpsLens']]);
  });

  it('derives a tag: authority from the feeds host', () => {
    expect(defaultIdAuthority('http://127.0.0.1:3000/')).toBe('127.0.0.1,2025');
  });
});
