/**
 * Where the public site's pages live: one definition for the publish step (bucket
 * keys), the feeds (item and home links), the pages (links between them) and the
 * servers (local feed server, CloudFront). Pages sit beside `feeds/` under the same
 * public base, so the one distribution (or the local feed server) serves both.
 *
 * A bucket key is the URL path without its leading slash; the URL percent-encodes
 * each id, the key holds it as is, exactly as `feedObjectBase` does for feeds.
 */
import type { FeedKey } from '#core/feeds/keys.ts';

export const PAGES_PREFIX = 'pages/';
export const HOME_PAGE_KEY = 'pages/index.html';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Bucket key of an article's page. */
export function articlePageKey(articleId: string): string {
  return `${PAGES_PREFIX}articles/${articleId}.html`;
}

/** Bucket key of the page that lists feed `key`'s articles: the home page for everything, else the tag's or publisher's page. */
export function feedPageKey(key: FeedKey): string {
  if (key === 'all') return HOME_PAGE_KEY;
  if (key.startsWith('tag/')) return `${PAGES_PREFIX}tags/${key.slice('tag/'.length)}.html`;
  return `${PAGES_PREFIX}publishers/${key.slice('publisher/'.length)}.html`;
}

/** Public URL of bucket key `key` under `baseUrl` (the feeds' public base), each path segment percent-encoded. */
export function pageUrlOf(baseUrl: string, key: string): string {
  return `${trimSlash(baseUrl)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Our public page for article `articleId`. */
export function articlePageUrl(settings: { feedsBaseUrl: string }, articleId: string): string {
  return pageUrlOf(settings.feedsBaseUrl, articlePageKey(articleId));
}

/** The public page listing feed `key`'s articles. */
export function feedPageUrl(settings: { feedsBaseUrl: string }, key: FeedKey): string {
  return pageUrlOf(settings.feedsBaseUrl, feedPageKey(key));
}
