import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { renderRss } from '../../../functions/core/feeds/rss.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { bylinedTaggedArticle, referenceArticle, settings } from './fixtures.ts';
import { readWithFeedsmith, readWithRssParser, wellFormed } from './parse-back.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'category', 'atom:link'].includes(name) });
type Node = Record<string, unknown> & { '@domain'?: string; '#text'?: string };
interface Channel {
  'atom:link': Node[];
  item: Record<string, unknown>[];
  [name: string]: unknown;
}

const article = bylinedTaggedArticle();
const xml = renderRss(feedView('tag/syria', [article], settings));
const doc = parser.parse(xml) as { rss: Node & { channel: Channel } };
const channel = doc.rss.channel;
const item = channel.item[0] as Record<string, unknown>;

describe('RSS 2.0 renderer', () => {
  it('writes a well-formed RSS 2.0 document declaring the atom, content and dc namespaces', () => {
    expect(wellFormed(xml)).toBe(true);
    expect(doc.rss).toMatchObject({
      '@version': '2.0',
      '@xmlns:atom': 'http://www.w3.org/2005/Atom',
      '@xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      '@xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    });
  });

  it('links to itself with a typed atom:link and advertises the WebSub hub', () => {
    expect(channel['atom:link']).toEqual([
      { '@href': 'https://feeds.example.com/feeds/tags/syria.rss', '@rel': 'self', '@type': 'application/rss+xml' },
      { '@href': 'https://hub.example.com/', '@rel': 'hub' },
    ]);
    const withoutHub = renderRss(feedView('all', [article], { ...settings, hubUrl: undefined }));
    expect(withoutHub).not.toContain('rel="hub"');
  });

  it('dates the channel from its newest change in RFC 822', () => {
    expect(channel.lastBuildDate).toBe('Sat, 02 Mar 2024 08:00:00 GMT');
    expect(item.pubDate).toBe('Fri, 01 Mar 2024 11:00:00 GMT');
  });

  it('gives each item a non-permalink guid, full HTML, a plain summary, the byline and tagged categories', () => {
    expect(item.guid).toEqual({ '#text': 'tag:feeds.example.com,2025:article/a1', '@isPermaLink': 'false' });
    expect(item['content:encoded']).toBe(article.bodyHtml);
    expect(item.description).toBe(article.summary);
    expect(item['dc:creator']).toBe('Jane Roe');
    expect(item.category).toEqual([
      { '#text': 'opslens', '@domain': 'https://feeds.example.com/pages/tags/opslens.html' },
      { '#text': 'syria', '@domain': 'https://feeds.example.com/pages/tags/syria.html' },
    ]);
  });

  it('round-trips id, title, link and date through rss-parser and feedsmith', async () => {
    const reference = referenceArticle();
    const body = renderRss(feedView('all', [reference, article], settings));
    const expected = [
      { id: 'tag:feeds.example.com,2025:article/a1', title: article.headline, link: 'https://feeds.example.com/pages/articles/a1.html', date: '2024-03-01T11:00:00.000Z' },
      {
        id: `tag:feeds.example.com,2025:article/${encodeURIComponent(reference.id)}`,
        title: reference.headline,
        link: `https://feeds.example.com/pages/articles/${encodeURIComponent(reference.id)}.html`,
        date: new Date(reference.publishedAt).toISOString(),
      },
    ];
    expect(await readWithRssParser(body)).toEqual(expected);
    expect(readWithFeedsmith('rss', body)).toEqual(expected);
  });
});
