/**
 * RSS readers take `<description>` as entity-encoded HTML and render it. A
 * summary is plain text, so whatever markup a publisher typed into it must
 * reach a reader as text. Read back with two real feed parsers, then as HTML
 * the way a reader renders it: no element and no attribute may survive from a
 * plain-text field, and the text a reader shows is the summary itself.
 */
import { parseDocument } from 'htmlparser2';
import { parseRssFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../../functions/core/feeds/render.ts';
import { makeArticle, settings } from './fixtures.ts';

interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

/** Element names (with their attributes) an HTML renderer would build from `html`. */
function elementsIn(html: string): string[] {
  const found: string[] = [];
  const walk = (node: HtmlNode) => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      found.push(`<${node.name} ${Object.keys(node.attribs ?? {}).join(' ')}>`);
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode);
  return found;
}

/** The text an HTML renderer shows for `html`. */
function shownText(html: string): string {
  const parts: string[] = [];
  const walk = (node: HtmlNode) => {
    if (node.type === 'text') parts.push(node.data ?? '');
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode);
  return parts.join('');
}

const attacks = [
  '<img src=x onerror=alert(1)> Engineers reopened the bridge.',
  '<script>alert(1)</script> and <a href="javascript:alert(1)">a link</a>',
  '&lt;img src=x onerror=alert(1)&gt; already escaped once',
  '<svg/onload=alert(1)><iframe src=//x></iframe> <!-- comment --> <![CDATA[ x ]]>',
  '"quoted" \'single\' & ampersand <b>bold</b>',
];

const articles = attacks.map((summary, i) =>
  makeArticle({ id: `rss-${i}`, summary, standfirst: summary, byline: summary, headline: `Headline ${i}`, body: ['Body text.'] }),
);
const rss = renderFeed('all', articles, settings)[0]!.body;

describe('RSS <description> carries plain text, never markup', () => {
  it('rss-parser: every description renders as text only, and shows the summary', async () => {
    const feed = await new Parser().parseString(rss);
    const descriptions = feed.items.map((item) => (item as { content?: string }).content ?? '');
    expect(descriptions.flatMap(elementsIn)).toEqual([]);
    expect(descriptions.map(shownText).sort()).toEqual([...attacks].sort());
  });

  it('feedsmith: the same, and the channel description too', () => {
    const feed = parseRssFeed(rss);
    expect(elementsIn(feed.description ?? '')).toEqual([]);
    const descriptions = (feed.items ?? []).map((item) => item.description ?? '');
    expect(descriptions.flatMap(elementsIn)).toEqual([]);
    expect(descriptions.map(shownText).sort()).toEqual([...attacks].sort());
  });

  it('content:encoded stays the sanitised HTML body, not double-escaped', () => {
    for (const item of parseRssFeed(rss).items ?? []) expect(item.content?.encoded).toBe('<p>Body text.</p>');
  });
});
