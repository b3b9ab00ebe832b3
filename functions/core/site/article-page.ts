/**
 * An article's public page, from the same feed entry the feeds carry (same
 * headline, summary, absolute-URL body, authors and dates): headline,
 * standfirst, byline, dates, lead image with its credit, body, tags linking to
 * their pages. The head names the publisher's page as canonical when there is
 * one (else this page), links the feeds, and carries Open Graph tags and
 * schema.org NewsArticle JSON-LD.
 *
 * Everything from the publisher is escaped except the body, which is the
 * sanitised HTML the ingest step stored (the feeds' `content:encoded` too).
 */
import type { Article } from '../article/schema.ts';
import { feedEntry, feedUrl, languageTag, type FeedSettings } from '../feeds/view.ts';
import { timeElement } from './dates.ts';
import { element, escapeAttribute, escapeText, link, voidElement } from './html.ts';
import { newsArticleJsonLd } from './json-ld.ts';
import { autodiscovery, feedList, page, type FeedLinks } from './layout.ts';
import { leadImage, type LeadImage } from './lead-image.ts';
import { feedPageUrl } from './paths.ts';
import { rfc3339 } from '../feeds/dates.ts';

const feedLinks = (settings: FeedSettings, key: 'all' | `publisher/${string}`, title: string): FeedLinks => ({
  title,
  urls: { rss: feedUrl(settings, key, 'rss'), atom: feedUrl(settings, key, 'atom'), json: feedUrl(settings, key, 'json') },
});

function figure(image: LeadImage): string {
  const img = voidElement('img', { src: image.url, alt: image.alt, width: image.width, height: image.height });
  const caption = [image.caption ? escapeText(image.caption) : '', image.credit ? element('span', `Credit: ${image.credit}`, { class: 'credit' }) : ''].filter(Boolean);
  return `<figure>${img}${caption.length ? `<figcaption>${caption.join(' ')}</figcaption>` : ''}</figure>`;
}

function openGraph(article: Article, canonical: string, settings: FeedSettings, summary: string, image: LeadImage | undefined): string {
  const properties: [string, string | number | undefined][] = [
    ['og:type', 'article'],
    ['og:site_name', settings.siteTitle],
    ['og:title', article.headline],
    ['og:description', summary || undefined],
    ['og:url', canonical],
    ['og:locale', article.language.replace('-', '_')],
    ['og:image', image?.url],
    ['og:image:alt', image?.alt || undefined],
    ['og:image:width', image?.width],
    ['og:image:height', image?.height],
    ['article:published_time', rfc3339(article.publishedAt)],
    ['article:modified_time', rfc3339(article.updatedAt)],
    ['article:publisher', feedPageUrl(settings, `publisher/${article.publisher.id}`)],
    ...article.tags.map((t): [string, string] => ['article:tag', t.label]),
  ];
  return properties
    .filter(([, content]) => content !== undefined)
    .map(([property, content]) => voidElement('meta', { property, content }))
    .join('');
}

export function renderArticlePage(article: Article, settings: FeedSettings): string {
  const entry = feedEntry(article, settings);
  const image = leadImage(article);
  const publisherPage = feedPageUrl(settings, `publisher/${article.publisher.id}`);
  const feeds = [feedLinks(settings, `publisher/${article.publisher.id}`, `${settings.siteTitle}: ${article.publisher.name}`), feedLinks(settings, 'all', `${settings.siteTitle}: all articles`)];
  const head =
    (entry.summary ? voidElement('meta', { name: 'description', content: entry.summary }) : '') +
    voidElement('link', { rel: 'canonical', href: entry.url }) +
    autodiscovery(feeds) +
    openGraph(article, entry.url, settings, entry.summary, image) +
    `<script type="application/ld+json">${newsArticleJsonLd(entry, publisherPage, image)}</script>`;

  const byline = article.byline?.trim();
  const dates = `Published ${timeElement(article.publishedAt)}${article.updatedAt !== article.publishedAt ? `; updated ${timeElement(article.updatedAt)}` : ''}`;
  const tags = article.tags.length
    ? `<h2>Tags</h2><ul class="tags">${article.tags.map((t) => `<li>${link(feedPageUrl(settings, `tag/${t.id}`), t.label)}</li>`).join('')}</ul>`
    : '';
  const original = entry.url !== entry.pageUrl ? `<p>${link(entry.url, `Read it on ${article.publisher.name}’s site`)}</p>` : '';
  const main =
    '<article>' +
    element('h1', article.headline) +
    (article.standfirst?.trim() ? element('p', article.standfirst.trim(), { class: 'standfirst' }) : '') +
    `<p class="meta">${byline ? `${escapeText(byline)}, ` : ''}${link(publisherPage, article.publisher.name)}<br>${dates}</p>` +
    // A lead image the body already shows (an HTML source's first figure) is not shown twice.
    (image && !entry.contentHtml.includes(`src="${escapeAttribute(image.url)}"`) ? figure(image) : '') +
    `<div class="body">${entry.contentHtml}</div>` +
    original +
    tags +
    `<h2>Follow ${escapeText(article.publisher.name)}</h2>` +
    feedList(feeds[0] as FeedLinks, `${article.publisher.name} feeds`) +
    '</article>';
  return page({ lang: languageTag(article.language) ?? languageTag(settings.language) ?? 'en', title: `${article.headline} – ${settings.siteTitle}`, head, main, settings });
}
