/**
 * Feed history (RFC 5005 §4, archived feeds) in pages of a fixed size: every feed (everything, each
 * tag, each publisher) is cut, oldest first, into archive pages of `pageSize` entries (the feed's item
 * limit), `feeds/archive/{all|tags/{id}|publishers/{id}}/page-{n}-{tag}.{rss,atom,json}`.
 *
 * - A page is the run of the feed's index entries between two boundaries kept in the table (the sort
 *   key of its newest entry; the previous page's boundary before it). It is cut, and rendered, once:
 *   when `pageSize` entries have gathered after the newest page, and never grows after that, so the
 *   cost of adding an article does not depend on how long the history is.
 * - The subscription document links `prev-archive` to the newest page; each page links `prev-archive`
 *   to the page before it and `current` to the subscription document. Since a page is cut only when
 *   `pageSize` entries have gathered after the previous one, and the subscription document shows the
 *   newest `pageSize`, what no page holds yet is always in the subscription document: following
 *   `prev-archive` reaches every article the feed carries (with some overlap, which readers deduplicate
 *   by id).
 * - `{tag}` is a short hash of the page's boundary: the name of a page is fixed by what it holds, so a
 *   page cut by an invocation that then lost the race to record it (or crashed before recording it)
 *   never overwrites the page that was recorded; it stays an unlinked file.
 * - A page changes after it is cut only when one of its articles is corrected or withdrawn (a kill must
 *   leave every document), or a back-dated article falls inside its range and joins it: one page
 *   re-rendered, a constant amount of work (README, "Feed history", says why that departs from RFC 5005).
 */
import { createHash } from 'node:crypto';
import type { Article } from '../article/schema.ts';
import { feedObjectBase, type FeedKey } from './keys.ts';
import { feedFormats, feedUrl, feedView, type FeedFormat, type FeedSettings, type FeedView } from './view.ts';

/** Where a page is: its number (1 is the oldest) and the sort key of its newest entry. */
export interface PageRef {
  number: number;
  to: string;
}

/** Where page `page` of feed `key` lives in the bucket (without extension). */
export function pageObjectBase(key: FeedKey, page: PageRef): string {
  const tag = createHash('sha256').update(page.to, 'utf8').digest('hex').slice(0, 8);
  return `feeds/archive/${feedObjectBase(key).slice('feeds/'.length)}/page-${page.number}-${tag}`;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function pageUrls(settings: Pick<FeedSettings, 'feedsBaseUrl'>, key: FeedKey, page: PageRef): Record<FeedFormat, string> {
  const base = `${trimSlash(settings.feedsBaseUrl)}/${pageObjectBase(key, page).split('/').map(encodeURIComponent).join('/')}`;
  return Object.fromEntries(feedFormats.map((f) => [f, `${base}.${f}`])) as Record<FeedFormat, string>;
}

const subscriptionUrls = (settings: FeedSettings, key: FeedKey) =>
  Object.fromEntries(feedFormats.map((f) => [f, feedUrl(settings, key, f)])) as Record<FeedFormat, string>;

/** The subscription document's view with its `prev-archive` link to the newest page (none before the first is cut). */
export function withPrevArchive(view: FeedView, settings: FeedSettings, newest: PageRef | undefined): FeedView {
  if (!newest) return view;
  return { ...view, history: { archive: false, prevArchive: pageUrls(settings, view.key, newest) } };
}

/**
 * Page `page` of feed `key` over `articles` (the entries in its range; others are left out), linked
 * to the page before it (if any) and to the subscription document. `history` (the old and new images
 * of a batch's changes) dates a page a withdrawal changed or emptied, as for feeds.
 */
export function archivePageView(key: FeedKey, page: PageRef, previous: PageRef | undefined, articles: readonly Article[], settings: FeedSettings, history: readonly Article[] = []): FeedView {
  const view = feedView(key, articles, { ...settings, itemLimit: Math.max(1, articles.length) }, history);
  return {
    ...view,
    id: `${view.id}/archive/page-${page.number}`,
    title: `${view.title} (archive page ${page.number})`,
    selfUrls: pageUrls(settings, key, page),
    history: {
      archive: true,
      current: subscriptionUrls(settings, key),
      ...(previous ? { prevArchive: pageUrls(settings, key, previous) } : {}),
    },
  };
}
