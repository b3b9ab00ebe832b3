import { describe, expect, it } from 'vitest';
import { renderJsonFeed } from '../../../functions/core/feeds/json-feed.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { bylinedTaggedArticle, settings } from './fixtures.ts';
import { readWithFeedsmith } from './parse-back.ts';

const article = bylinedTaggedArticle();
const body = renderJsonFeed(feedView('tag/syria', [article], settings));
const feed = JSON.parse(body) as Record<string, unknown> & { items: Record<string, unknown>[] };

describe('JSON Feed 1.1 renderer', () => {
  it('declares version 1.1 with its own URL, home page, language and WebSub hub', () => {
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Syndicate: Syria',
      feed_url: 'https://feeds.example.com/feeds/tags/syria.json',
      home_page_url: 'https://feeds.example.com/pages/tags/syria.html',
      language: 'en',
      authors: [{ name: 'Syndicate' }],
      hubs: [{ type: 'WebSub', url: 'https://hub.example.com/' }],
    });
    expect(JSON.parse(renderJsonFeed(feedView('all', [], { ...settings, hubUrl: undefined })))).not.toHaveProperty('hubs');
  });

  it('gives items string ids, full HTML, a summary, authors, language, dates and tag labels', () => {
    expect(feed.items[0]).toMatchObject({
      id: 'tag:feeds.example.com,2025:article/a1',
      url: 'https://feeds.example.com/pages/articles/a1.html',
      title: article.headline,
      content_html: article.bodyHtml,
      summary: article.summary,
      date_published: '2024-03-01T11:00:00Z',
      date_modified: '2024-03-02T08:00:00Z',
      authors: [{ name: 'Jane Roe' }],
      language: 'en',
      tags: ['OpsLens', 'Syria'],
    });
  });

  it('carries tag ids and types, article id, version and publisher in the _syndication extension', () => {
    expect(feed.items[0]?._syndication).toEqual({
      articleId: 'a1',
      version: 1,
      publisher: { id: 'opslens', name: 'OpsLens' },
      tags: [
        { id: 'opslens', label: 'OpsLens', type: 'publisher', implied: false },
        { id: 'syria', label: 'Syria', type: 'place', implied: false },
      ],
    });
    expect(feed._syndication).toEqual({ feed: 'tag/syria', updated: '2024-03-02T08:00:00Z' });
  });

  it('round-trips id, title, link and date through feedsmith', () => {
    expect(readWithFeedsmith('json', body)).toEqual([
      { id: 'tag:feeds.example.com,2025:article/a1', title: article.headline, link: 'https://feeds.example.com/pages/articles/a1.html', date: '2024-03-01T11:00:00.000Z' },
    ]);
  });
});
