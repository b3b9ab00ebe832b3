/**
 * The page shell every public page shares: language, viewport, title, the
 * inline stylesheet the CSP allows by hash, feed autodiscovery links, a skip
 * link, a header linking home and a footer with the feeds. Callers hand in
 * finished, escaped HTML for `head` and `main`.
 */
import type { FeedFormat, FeedSettings } from '../feeds/view.ts';
import { element, escapeAttribute, link, voidElement } from './html.ts';
import { feedPageUrl } from './paths.ts';
import { SITE_CSS } from './style.ts';

export const feedTypes: Record<FeedFormat, { type: string; name: string }> = {
  rss: { type: 'application/rss+xml', name: 'RSS' },
  atom: { type: 'application/atom+xml', name: 'Atom' },
  json: { type: 'application/feed+json', name: 'JSON Feed' },
};

export interface FeedLinks {
  title: string;
  urls: Record<FeedFormat, string>;
}

const formats = Object.keys(feedTypes) as FeedFormat[];

/** `<link rel="alternate">` for each format of each feed: readers offer the first. */
export function autodiscovery(feeds: readonly FeedLinks[]): string {
  return feeds
    .flatMap((feed) => formats.map((f) => voidElement('link', { rel: 'alternate', type: feedTypes[f].type, title: `${feed.title} (${feedTypes[f].name})`, href: feed.urls[f] })))
    .join('');
}

/** The same feeds as visible links, for people (and readers) that do not look in the head. */
export function feedList(feed: FeedLinks, label: string): string {
  const items = formats.map((f) => `<li>${link(feed.urls[f], feedTypes[f].name, { type: feedTypes[f].type })}</li>`).join('');
  return `<ul class="feeds" aria-label="${escapeAttribute(label)}">${items}</ul>`;
}

/** Languages written right to left (primary subtags): the page says so, so browsers lay it out correctly. */
const rightToLeft = new Set(['ar', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);
const direction = (lang: string) => (rightToLeft.has(lang.split('-')[0]!.toLowerCase()) ? ' dir="rtl"' : '');

export interface PageParts {
  lang: string;
  title: string;
  /** Extra head elements, already HTML. */
  head: string;
  /** Contents of `<main>`, already HTML. */
  main: string;
  settings: FeedSettings;
}

export function page(parts: PageParts): string {
  const home = feedPageUrl(parts.settings, 'all');
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="${escapeAttribute(parts.lang)}"${direction(parts.lang)}>` +
    '<head><meta charset="utf-8">' +
    voidElement('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }) +
    element('title', parts.title) +
    parts.head +
    `<style>${SITE_CSS}</style>` +
    '</head><body>' +
    '<a class="skip" href="#main">Skip to main content</a>' +
    `<header>${link(home, parts.settings.siteTitle)}</header>` +
    `<main id="main">${parts.main}</main>` +
    `<footer><p>${link(home, 'Latest articles')} · Every list here is also a feed, in RSS, Atom and JSON Feed.</p></footer>` +
    '</body></html>\n'
  );
}
