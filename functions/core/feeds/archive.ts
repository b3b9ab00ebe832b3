/**
 * Feed history (RFC 5005 §4, archived feeds). Every feed (everything, each tag,
 * each publisher) has one archive document per calendar month (UTC) of
 * publication, holding every article of the feed published that month:
 * `feeds/archive/{tags/syria}/{2024-08}.{rss,atom,json}`.
 *
 * - The subscription document (the feed itself) links `prev-archive` to the
 *   archive of its newest article's month; each archive links `prev-archive` to
 *   the archive of the feed's previous month with articles, and `current` to
 *   the subscription document. Following `prev-archive` walks every article the
 *   feed ever published (overlap with the subscription document is allowed:
 *   readers deduplicate by id).
 * - Adding an article re-renders its month's archive and the next month's (whose
 *   `prev-archive` may now point at it): a constant number of documents and
 *   queries, whatever the archive's length.
 * - A month's archive is complete once a later month has articles; it changes
 *   after that only when one of its articles is corrected or withdrawn (a kill
 *   must leave every document) or a back-dated article joins it.
 */
import type { Article } from '../article/schema.ts';
import { feedObjectBase, type FeedKey } from './keys.ts';
import { feedFormats, feedUrl, feedView, type FeedFormat, type FeedSettings, type FeedView } from './view.ts';

/** `2024-08` for any time in August 2024 (UTC). */
export function archiveMonth(iso: string): string {
  return new Date(iso).toISOString().slice(0, 7);
}

/** Where a month's archive of feed `key` lives in the bucket (without extension). */
export function archiveObjectBase(key: FeedKey, month: string): string {
  return `feeds/archive/${feedObjectBase(key).slice('feeds/'.length)}/${month}`;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function archiveUrls(settings: Pick<FeedSettings, 'feedsBaseUrl'>, key: FeedKey, month: string): Record<FeedFormat, string> {
  const base = `${trimSlash(settings.feedsBaseUrl)}/${archiveObjectBase(key, month).split('/').map(encodeURIComponent).join('/')}`;
  return Object.fromEntries(feedFormats.map((f) => [f, `${base}.${f}`])) as Record<FeedFormat, string>;
}

const subscriptionUrls = (settings: FeedSettings, key: FeedKey) =>
  Object.fromEntries(feedFormats.map((f) => [f, feedUrl(settings, key, f)])) as Record<FeedFormat, string>;

/** The subscription document's view with its `prev-archive` link: the archive of its newest article's month. */
export function withArchiveLink(view: FeedView, settings: FeedSettings): FeedView {
  const newest = view.entries[0];
  if (!newest) return view;
  return { ...view, history: { archive: false, prevArchive: archiveUrls(settings, view.key, archiveMonth(newest.published)) } };
}

/**
 * The archive of feed `key` for `month`: every article of `articles` published
 * that month, newest first, linked to the previous month with articles (if any)
 * and to the subscription document.
 */
export function archiveView(key: FeedKey, month: string, articles: readonly Article[], previousMonth: string | undefined, settings: FeedSettings): FeedView {
  const inMonth = articles.filter((a) => archiveMonth(a.publishedAt) === month);
  const view = feedView(key, inMonth, { ...settings, itemLimit: Math.max(1, inMonth.length) });
  return {
    ...view,
    id: `${view.id}/archive/${month}`,
    title: `${view.title} (archive ${month})`,
    selfUrls: archiveUrls(settings, key, month),
    history: {
      archive: true,
      current: subscriptionUrls(settings, key),
      ...(previousMonth ? { prevArchive: archiveUrls(settings, key, previousMonth) } : {}),
    },
  };
}
