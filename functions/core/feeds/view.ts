/**
 * What a feed says, independent of its format: which articles, in which order,
 * under which ids, links and dates. The three renderers only format this view,
 * so RSS, Atom and JSON Feed can never disagree about content.
 *
 * Deterministic by construction: every date comes from the articles (or the
 * settings when the feed is empty), never from the clock.
 */
import type { Article, Media, Tag } from '../article/schema.ts';
import { leadImage } from '../media/accept.ts';
import { defaultBrand, type FeedBrand } from './brand.ts';
import { entryId, feedId, type IdSettings } from './ids.ts';
import { feedObjectBase, feedsOf, type FeedKey } from './keys.ts';
import { latest } from './dates.ts';
import { absoluteUrls, canonicalPage, plainSummary } from './content.ts';
import { articlePageUrl, feedPageUrl, pageUrlOf, PAGES_PREFIX } from '../site/paths.ts';
import { cachedPart, type EntryCache } from './entry-cache.ts';

export const feedFormats = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

export const DEFAULT_ITEM_LIMIT = 50;
/** Feed date for a feed with no items: fixed, so an empty feed renders the same bytes every time. */
export const EMPTY_FEED_UPDATED = '2000-01-01T00:00:00Z';

export interface FeedSettings extends IdSettings {
  /** Public base of the feeds and of the site's pages (`https://feeds.example.com`); paths follow `feedObjectBase` and functions/core/site/paths.ts. */
  feedsBaseUrl: string;
  /** Public base of the API (webhook payload links). */
  publicBaseUrl: string;
  siteTitle: string;
  /** The taxonomy's label of a concept id: feed titles name tags by it (the articles' copy may be older or gone). */
  conceptLabel?: (id: string) => string | undefined;
  /** WebSub hub, advertised in every format when set. */
  hubUrl?: string;
  itemLimit?: number;
  /** Language of the feed as a whole; entries in another language say so themselves. */
  language?: string;
  /** Feed icon, favicon and logo (deploy settings); the stored defaults when absent (brand.ts). */
  brand?: FeedBrand;
  /** Feed date when no item is left (e.g. after the last one was withdrawn). */
  updatedWhenEmpty?: string;
  /** What renders built for each entry, kept across renders by the caller (entry-cache.ts); the bytes are the same without it. */
  entryCache?: EntryCache;
}

export interface FeedEntry {
  /** Permanent, the same in every feed and format the article appears in. */
  id: string;
  article: Article;
  /** The publisher's canonical page when the article has one, else our public page for it: always HTML. */
  url: string;
  /** Our own public page for the article (equal to `url` when the publisher has none). */
  pageUrl: string;
  title: string;
  summary: string;
  contentHtml: string;
  authors: string[];
  published: string;
  updated: string;
  /** The article's language when it is a well-formed language tag; left out otherwise rather than emitted broken. */
  language?: string;
  /** The article's images, lead first (every format lists them: Media RSS, Atom enclosures, JSON Feed attachments). */
  media: Media[];
  /** The image that stands for the entry (thumbnail, JSON Feed `image`, RSS `enclosure`). */
  image?: Media;
}

/** RFC 5005 links of a feed document (functions/core/feeds/archive-pages.ts). */
export interface FeedHistory {
  /** True for an archive document (`fh:archive`), false for the subscription document. */
  archive: boolean;
  /** The previous archive document, per format. */
  prevArchive?: Record<FeedFormat, string>;
  /** The subscription document an archive belongs to, per format. */
  current?: Record<FeedFormat, string>;
}

export interface FeedView {
  key: FeedKey;
  /** Distinct per feed. */
  id: string;
  /** What the feed is about, on its own: `all articles`, the tag's label or the publisher's name. */
  label: string;
  title: string;
  description: string;
  language: string;
  /** Credited for the feed as a whole: the publisher for its own feed, else the site. Entries credit their own authors. */
  author: string;
  /** The public page listing this feed's articles (home, tag or publisher page). */
  homeUrl: string;
  selfUrls: Record<FeedFormat, string>;
  hubUrl?: string;
  /** Category scheme: scheme + tag id + `.html` is that tag's public page (`tagPageUrl`). */
  taxonomyScheme: string;
  brand: FeedBrand;
  updated: string;
  entries: FeedEntry[];
  history?: FeedHistory;
  /** The settings' entry cache, for the renderers (entry-cache.ts). */
  entryCache?: EntryCache;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** `value` when it is shaped like a BCP 47 tag (`en`, `pt-BR`, `zh-Hant-TW`), else undefined. */
export function languageTag(value: string | undefined): string | undefined {
  return value && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : undefined;
}

/** `feeds.example.com,2025` for `https://feeds.example.com`: the authority of the ids published before ids.ts's cutover. */
export function defaultIdAuthority(feedsBaseUrl: string): string {
  return `${new URL(feedsBaseUrl).hostname},2025`;
}

export function feedUrl(settings: Pick<FeedSettings, 'feedsBaseUrl'>, key: FeedKey, format: FeedFormat): string {
  return `${trimSlash(settings.feedsBaseUrl)}/${feedObjectBase(key)}.${format}`;
}

export { entryId } from './ids.ts';

/**
 * The articles a feed shows: published only (withdrawn and embargoed never),
 * members of the feed only, latest version of each, newest publication first
 * (id breaks ties so order never depends on input order), at most `limit`.
 */
export function selectEntries(key: FeedKey, articles: readonly Article[], limit: number): Article[] {
  const latestVersions = new Map<string, Article>();
  for (const article of articles) {
    const seen = latestVersions.get(article.id);
    if (!seen || seen.version < article.version) latestVersions.set(article.id, article);
  }
  // Status and membership are judged on the latest version: a withdrawal or a dropped tag hides older versions too.
  const shown = [...latestVersions.values()].filter((a) => a.status === 'published' && feedsOf(a).includes(key));
  const timed = shown.map((article) => ({ article, time: Date.parse(article.publishedAt) }));
  timed.sort((a, b) => b.time - a.time || (a.article.id < b.article.id ? 1 : a.article.id > b.article.id ? -1 : 0));
  return timed.slice(0, Math.max(0, limit)).map((t) => t.article);
}

function tagLabel(key: `tag/${string}`, articles: readonly Article[], settings: FeedSettings, named: string | undefined): string {
  const id = key.slice('tag/'.length);
  const known = settings.conceptLabel?.(id);
  if (known) return known;
  for (const article of articles) {
    const tag = article.tags.find((t: Tag) => t.id === id);
    if (tag) return tag.label;
  }
  return named ?? id;
}

function describe(key: FeedKey, articles: readonly Article[], settings: FeedSettings, named?: string) {
  if (key === 'all') {
    return { label: 'all articles', title: `${settings.siteTitle}: all articles`, description: 'Latest articles from every publisher', author: settings.siteTitle };
  }
  if (key.startsWith('tag/')) {
    const label = tagLabel(key as `tag/${string}`, articles, settings, named);
    return { label, title: `${settings.siteTitle}: ${label}`, description: `Latest articles tagged ${label}`, author: settings.siteTitle };
  }
  const publisherId = key.slice('publisher/'.length);
  const name = articles.find((a) => a.publisher.id === publisherId)?.publisher.name ?? settings.conceptLabel?.(publisherId) ?? named ?? publisherId;
  return { label: name, title: `${settings.siteTitle}: ${name}`, description: `Latest articles from ${name}`, author: name };
}

/** Tag `tagId`'s public page: what a category's scheme and term resolve to. */
export function tagPageUrl(settings: Pick<FeedSettings, 'feedsBaseUrl'>, tagId: string): string {
  return feedPageUrl(settings, `tag/${tagId}`);
}

/** One article as every feed and its page show it. */
export function feedEntry(article: Article, settings: FeedSettings): FeedEntry {
  const page = canonicalPage(article);
  const ours = articlePageUrl(settings, article.id);
  return {
    id: entryId(settings, article),
    article,
    url: page ?? ours,
    pageUrl: ours,
    title: article.headline,
    summary: plainSummary(article),
    contentHtml: absoluteUrls(article.bodyHtml, page),
    authors: [article.byline?.trim() || article.publisher.name],
    published: article.publishedAt,
    updated: article.updatedAt,
    ...(languageTag(article.language) ? { language: article.language } : {}),
    media: article.media ?? [],
    ...withImage(leadImage(article)),
  };
}

const withImage = (image: Media | undefined) => (image ? { image } : {});

/**
 * When the feed was last changed by articles that are no longer in it: the
 * latest update or withdrawal of those that belonged to it. An emptied feed
 * keeps moving forward in time instead of falling back to a constant.
 */
function lastChangeOf(key: FeedKey, history: readonly Article[]): string | undefined {
  const members = history.filter((a) => feedsOf(a).includes(key));
  return latest(members.flatMap((a) => (a.withdrawnAt ? [a.updatedAt, a.withdrawnAt] : [a.updatedAt])));
}

/**
 * The view of feed `key` over `articles` (typically one Query of its feed
 * index; extra items are filtered out). `history` is what the caller knows of
 * articles that just left or changed in it (the stream's old and new images):
 * never shown as entries, it only names and dates a feed they emptied. `named` is what to call an emptied
 * feed that neither names (the page pass's stand-in for the history it does not see: site/pages-due.ts).
 */
export function feedView(key: FeedKey, articles: readonly Article[], settings: FeedSettings, history: readonly Article[] = [], named?: string): FeedView {
  const selected = selectEntries(key, articles, settings.itemLimit ?? DEFAULT_ITEM_LIMIT);
  const { label, title, description, author } = describe(key, selected.length ? selected : [...articles, ...history], settings, named);
  // An entry depends on its article and on these settings only (feedEntry).
  const part = `entry\n${settings.feedsBaseUrl}\n${settings.idAuthority ?? ''}\n${settings.idCutover ?? ''}`;
  const entries = selected.map((article) => cachedPart(settings.entryCache, article, part, () => feedEntry(article, settings)));
  return {
    key,
    id: feedId(settings, key),
    label,
    title,
    description,
    language: languageTag(settings.language) ?? 'en',
    author,
    homeUrl: feedPageUrl(settings, key),
    selfUrls: {
      rss: feedUrl(settings, key, 'rss'),
      atom: feedUrl(settings, key, 'atom'),
      json: feedUrl(settings, key, 'json'),
    },
    ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}),
    taxonomyScheme: pageUrlOf(settings.feedsBaseUrl, `${PAGES_PREFIX}tags/`),
    brand: settings.brand ?? defaultBrand(settings.feedsBaseUrl),
    // A withdrawal changes the feed too: its date never goes back to an older entry's, or to a constant when it empties.
    updated: latest([...entries.map((e) => e.updated), ...[lastChangeOf(key, history)].filter((d): d is string => !!d)]) ?? settings.updatedWhenEmpty ?? EMPTY_FEED_UPDATED,
    entries,
    ...(settings.entryCache ? { entryCache: settings.entryCache } : {}),
  };
}
