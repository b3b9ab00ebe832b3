/**
 * The public site's pages, rendered from fixtures: what each page shows and
 * links to, how publisher text is escaped, and that every page passes an HTML
 * validator (html-validate's recommended rules).
 */
import { describe, expect, it } from 'vitest';
import { DomUtils, parseDocument } from 'htmlparser2';
import { HtmlValidate } from 'html-validate';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { renderArticlePage } from '../../../functions/core/site/article-page.ts';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../../functions/core/site/csp.ts';
import { renderListingPage } from '../../../functions/core/site/listing-page.ts';
import { renderArticleSitePage, renderFeedSitePage } from '../../../functions/core/site/render.ts';
import { SITE_CSS, SITE_CSS_HASH } from '../../../functions/core/site/style.ts';
import { renderWithdrawnPage } from '../../../functions/core/site/withdrawn-page.ts';
import { createHash } from 'node:crypto';
import { hostileArticle, makeArticle, referenceArticle, settings, tagsFor } from '../feeds/fixtures.ts';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  // A page's title is the whole headline: news headlines often run past the rule's 70 characters.
  rules: { 'long-title': 'off' },
});

async function validationErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

type Element = ReturnType<typeof DomUtils.findAll>[number];
const dom = (html: string) => parseDocument(html);
const all = (html: string, test: (e: Element) => boolean) => DomUtils.findAll(test, dom(html).children);
const attr = (e: Element | undefined, name: string) => e?.attribs[name];
const metaContent = (html: string, property: string) => all(html, (e) => e.name === 'meta' && e.attribs.property === property).map((e) => e.attribs.content);
const textOf = (html: string, name: string) => all(html, (e) => e.name === name).map((e) => DomUtils.textContent(e));

const withImage = makeArticle({
  headline: 'Engineers reopen the bridge </script><script>alert(1)</script>',
  standfirst: 'The crossing carries convoys again.',
  byline: 'Jane Roe',
  tags: tagsFor(['opslens', 'syria']),
  source: { format: 'html', canonicalUrl: 'https://news.example.org/bridge' },
  updatedAt: '2024-03-02T08:30:00.000Z',
  media: [
    { url: 'https://img.example.org/clip.mp4', mediaType: 'video/mp4', role: 'lead', alt: 'not an image' },
    { url: 'https://img.example.org/bridge.jpg', role: 'lead', alt: 'The rebuilt bridge deck', width: 1200, height: 800, caption: 'Trucks cross at dawn', credit: 'OpsLens / A. Photographer' },
  ],
});
const plain = makeArticle({ tags: tagsFor(['opslens', 'iraq']) });

describe('an article page', () => {
  const html = renderArticlePage(withImage, settings);

  it('shows headline, standfirst, byline, publisher, dates, lead image with credit, body and tags', () => {
    expect(textOf(html, 'h1')).toEqual([withImage.headline]);
    expect(html).toContain('<p class="standfirst">The crossing carries convoys again.</p>');
    expect(html).toContain('Jane Roe, <a href="https://feeds.example.com/pages/publishers/opslens.html">OpsLens</a>');
    expect(html).toContain('Published <time datetime="2024-03-01T12:00:00Z">1 March 2024, 12:00 UTC</time>; updated <time datetime="2024-03-02T08:30:00Z">2 March 2024, 08:30 UTC</time>');
    const [img] = all(html, (e) => e.name === 'img');
    expect(img?.attribs).toEqual({ src: 'https://img.example.org/bridge.jpg', alt: 'The rebuilt bridge deck', width: '1200', height: '800' });
    expect(textOf(html, 'figcaption')).toEqual(['Trucks cross at dawn Credit: OpsLens / A. Photographer']);
    expect(html).toContain(`<div class="body">${withImage.bodyHtml}</div>`);
    const tagLinks = all(html, (e) => e.name === 'a' && /\/pages\/tags\//.test(e.attribs.href ?? '')).map((e) => [e.attribs.href, DomUtils.textContent(e)]);
    expect(tagLinks).toEqual([
      ['https://feeds.example.com/pages/tags/opslens.html', 'OpsLens'],
      ['https://feeds.example.com/pages/tags/syria.html', 'Syria'],
    ]);
  });

  it('does not repeat a lead image the body already shows', () => {
    const inBody = { ...withImage, bodyHtml: '<p>Text.</p><img src="https://img.example.org/bridge.jpg" alt="The rebuilt bridge deck">' };
    expect(all(renderArticlePage(inBody, settings), (e) => e.name === 'img')).toHaveLength(1);
  });

  it('names the publisher’s page as canonical, else its own address', () => {
    expect(all(html, (e) => e.name === 'link' && e.attribs.rel === 'canonical').map((e) => e.attribs.href)).toEqual(['https://news.example.org/bridge']);
    const own = renderArticlePage(plain, settings);
    expect(all(own, (e) => e.name === 'link' && e.attribs.rel === 'canonical').map((e) => e.attribs.href)).toEqual([`https://feeds.example.com/pages/articles/${plain.id}.html`]);
  });

  it('links the publisher’s feed and the everything feed in all three formats', () => {
    const alternates = all(html, (e) => e.name === 'link' && e.attribs.rel === 'alternate').map((e) => [attr(e, 'type'), attr(e, 'href')]);
    expect(alternates).toEqual([
      ['application/rss+xml', 'https://feeds.example.com/feeds/publishers/opslens.rss'],
      ['application/atom+xml', 'https://feeds.example.com/feeds/publishers/opslens.atom'],
      ['application/feed+json', 'https://feeds.example.com/feeds/publishers/opslens.json'],
      ['application/rss+xml', 'https://feeds.example.com/feeds/all.rss'],
      ['application/atom+xml', 'https://feeds.example.com/feeds/all.atom'],
      ['application/feed+json', 'https://feeds.example.com/feeds/all.json'],
    ]);
  });

  it('carries Open Graph tags', () => {
    expect(metaContent(html, 'og:type')).toEqual(['article']);
    expect(metaContent(html, 'og:title')).toEqual([withImage.headline]);
    expect(metaContent(html, 'og:url')).toEqual(['https://news.example.org/bridge']);
    expect(metaContent(html, 'og:image')).toEqual(['https://img.example.org/bridge.jpg']);
    expect(metaContent(html, 'article:published_time')).toEqual(['2024-03-01T12:00:00Z']);
    expect(metaContent(html, 'article:tag')).toEqual(['OpsLens', 'Syria']);
  });

  it('carries schema.org NewsArticle JSON-LD that a hostile headline cannot break out of', () => {
    const scripts = all(html, (e) => e.name === 'script');
    expect(scripts.map((s) => s.attribs.type)).toEqual(['application/ld+json']);
    const json = DomUtils.textContent(scripts[0]!);
    expect(json).not.toMatch(/<|>|&/);
    expect(JSON.parse(json)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: withImage.headline,
      url: `https://feeds.example.com/pages/articles/${withImage.id}.html`,
      mainEntityOfPage: 'https://news.example.org/bridge',
      datePublished: '2024-03-01T12:00:00Z',
      dateModified: '2024-03-02T08:30:00Z',
      author: [{ '@type': 'Person', name: 'Jane Roe' }],
      publisher: { '@type': 'Organization', name: 'OpsLens' },
      image: ['https://img.example.org/bridge.jpg'],
      keywords: ['OpsLens', 'Syria'],
    });
  });

  it('escapes everything a hostile publisher sends, and marks right-to-left text', async () => {
    const hostile = renderArticlePage(hostileArticle(), settings);
    expect(all(hostile, (e) => e.name === 'script').map((s) => s.attribs.type)).toEqual(['application/ld+json']);
    expect(all(hostile, (e) => e.name === 'b' || e.name === 'iframe' || e.name === 'style').map((e) => e.name)).toEqual(['style']);
    expect(hostile).toMatch(/^<!DOCTYPE html>\n<html lang="ar" dir="rtl">/);
    expect(await validationErrors(hostile)).toEqual([]);
  });

  it('passes the HTML validator, with and without an image', async () => {
    expect(await validationErrors(html)).toEqual([]);
    expect(await validationErrors(renderArticlePage(plain, settings))).toEqual([]);
    expect(await validationErrors(renderArticlePage(referenceArticle(), settings))).toEqual([]);
  });
});

describe('the withdrawn page', () => {
  const withdrawn = { ...withImage, version: 2, status: 'withdrawn' as const, withdrawnAt: '2024-04-01T10:00:00.000Z' };
  const html = renderWithdrawnPage(withdrawn, settings);

  it('says plainly the article was withdrawn, by whom and when, and repeats nothing of it', async () => {
    expect(textOf(html, 'h1')).toEqual(['This article has been withdrawn']);
    expect(html).toContain('OpsLens withdrew this article on <time datetime="2024-04-01T10:00:00Z">1 April 2024, 10:00 UTC</time>');
    expect(html).not.toContain('Engineers reopen');
    expect(html).not.toContain('bridge.jpg');
    expect(all(html, (e) => e.name === 'meta' && e.attribs.name === 'robots').map((e) => e.attribs.content)).toEqual(['noindex']);
    expect(await validationErrors(html)).toEqual([]);
  });

  it('is what the site renders for a withdrawn article, served as 410; an embargoed article gets no page', () => {
    expect(renderArticleSitePage(withdrawn, settings)).toMatchObject({ key: `pages/articles/${withImage.id}.html`, status: 410, body: html });
    expect(renderArticleSitePage(withImage, settings)).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(renderArticleSitePage({ ...withImage, status: 'embargoed', embargoUntil: '2030-01-01T00:00:00.000Z' }, settings)).toBeUndefined();
  });
});

describe('tag, publisher and home pages', () => {
  const articles = [withImage, plain, referenceArticle()];

  it('list the same articles as their feed, in the same order, linking to our article pages', () => {
    for (const key of ['all', 'tag/opslens', 'publisher/opslens'] as const) {
      const view = feedView(key, articles, settings);
      const html = renderListingPage(view, settings);
      const headlines = all(html, (e) => e.name === 'h2').map((h) => DomUtils.textContent(h));
      expect(headlines, key).toEqual(view.entries.map((e) => e.title));
      const links = all(html, (e) => e.name === 'h2').map((h) => attr(DomUtils.findOne((e) => e.name === 'a', h.children) ?? undefined, 'href'));
      expect(links, key).toEqual(view.entries.map((e) => e.pageUrl));
    }
  });

  it('offer their feed in all three formats for autodiscovery, and are what the feeds’ home links name', () => {
    const view = feedView('tag/syria', articles, settings);
    const page = renderFeedSitePage(view, settings);
    expect(page.key).toBe('pages/tags/syria.html');
    expect(view.homeUrl).toBe(`https://feeds.example.com/${page.key}`);
    const alternates = all(page.body, (e) => e.name === 'link' && e.attribs.rel === 'alternate').map((e) => [attr(e, 'type'), attr(e, 'href')]);
    expect(alternates).toEqual([
      ['application/rss+xml', view.selfUrls.rss],
      ['application/atom+xml', view.selfUrls.atom],
      ['application/feed+json', view.selfUrls.json],
    ]);
    expect(textOf(page.body, 'h1')).toEqual(['Syria']);
    expect(renderFeedSitePage(feedView('all', articles, settings), settings).key).toBe('pages/index.html');
    expect(renderFeedSitePage(feedView('publisher/opslens', articles, settings), settings).key).toBe('pages/publishers/opslens.html');
  });

  it('say so when a feed is empty, and pass the HTML validator', async () => {
    const empty = renderListingPage(feedView('tag/palmyra', [], settings), settings);
    expect(empty).toContain('There are no articles here at the moment.');
    for (const html of [empty, ...(['all', 'tag/syria', 'publisher/opslens'] as const).map((k) => renderListingPage(feedView(k, [...articles, hostileArticle()], settings), settings))]) {
      expect(await validationErrors(html)).toEqual([]);
    }
  });
});

describe('the stylesheet and the Content-Security-Policy', () => {
  it('allow no script and exactly the inline stylesheet, by its hash', () => {
    expect(SITE_CSS_HASH).toBe(`'sha256-${createHash('sha256').update(SITE_CSS).digest('base64')}'`);
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain(`style-src ${SITE_CSS_HASH}`);
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain("script-src 'none'");
    expect(PAGE_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
    expect(renderArticlePage(plain, settings)).toContain(`<style>${SITE_CSS}</style>`);
  });
});
