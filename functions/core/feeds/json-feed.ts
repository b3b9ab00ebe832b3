/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Strings pass through the
 * same cleaning as XML so all three formats carry the same text, and a lone
 * surrogate never reaches a UTF-8 encoder. The `_syndication` extension gives
 * machines what `tags` (display labels) cannot: tag ids and types, article id
 * and version.
 */
import { rfc3339 } from './dates.ts';
import { xmlSafe } from './xml.ts';
import type { FeedEntry, FeedView } from './view.ts';
import { cachedPart, type EntryCache } from './entry-cache.ts';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * `image` is the lead; `banner_image` the same picture when it is landscape
 * (readers show it across the top); `attachments` every image of known type,
 * which JSON Feed requires (`mime_type`).
 */
function images({ image, media }: FeedEntry) {
  if (!image) return {};
  const attachments = media.flatMap((m) =>
    m.mediaType ? [{ url: m.url, mime_type: m.mediaType, ...(m.caption ? { title: xmlSafe(m.caption) } : {}), ...(m.bytes ? { size_in_bytes: m.bytes } : {}) }] : [],
  );
  const landscape = image.width !== undefined && image.height !== undefined && image.width > image.height;
  return { image: image.url, ...(landscape ? { banner_image: image.url } : {}), ...(attachments.length ? { attachments } : {}) };
}

function item(entry: FeedEntry) {
  const { article } = entry;
  return {
    id: xmlSafe(entry.id),
    url: xmlSafe(entry.url),
    title: xmlSafe(entry.title),
    content_html: xmlSafe(entry.contentHtml),
    ...(entry.summary ? { summary: xmlSafe(entry.summary) } : {}),
    date_published: rfc3339(entry.published),
    date_modified: rfc3339(entry.updated),
    authors: entry.authors.map((name) => ({ name: xmlSafe(name) })),
    ...(entry.language ? { language: entry.language } : {}),
    tags: article.tags.map((t) => xmlSafe(t.label)),
    ...images(entry),
    _syndication: {
      articleId: xmlSafe(article.id),
      version: article.version,
      publisher: { id: xmlSafe(article.publisher.id), name: xmlSafe(article.publisher.name) },
      tags: article.tags.map((t) => ({ id: xmlSafe(t.id), label: xmlSafe(t.label), type: t.type, implied: t.implied })),
    },
  };
}

export function renderJsonFeed(view: FeedView): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: xmlSafe(view.title),
    home_page_url: view.homeUrl,
    feed_url: view.selfUrls.json,
    description: xmlSafe(view.description),
    language: view.language,
    icon: view.brand.iconUrl,
    favicon: view.brand.faviconUrl,
    authors: [{ name: xmlSafe(view.author) }],
    ...(view.hubUrl ? { hubs: [{ type: 'WebSub', url: view.hubUrl }] } : {}),
    _syndication: {
      feed: view.key,
      updated: rfc3339(view.updated),
      // JSON Feed has no history links of its own: RFC 5005's, under their names.
      ...(view.history?.archive ? { archive: true } : {}),
      ...(view.history?.current ? { current: view.history.current.json } : {}),
      ...(view.history?.prevArchive ? { prev_archive: view.history.prevArchive.json } : {}),
    },
  };
  if (view.entryCache) return withCachedItems(feed, view.entries, view.entryCache);
  return `${JSON.stringify({ ...feed, items: view.entries.map(item) }, null, 2)}\n`;
}

/** Where an item's text starts in the document: `items` is the root's last member, so each item sits two levels deep. */
const ITEM_INDENT = '\n    ';

/**
 * The same bytes as `JSON.stringify(feed, null, 2)`, with each item's text from `cache`: an item
 * printed on its own, its line breaks indented by two more levels, is what the whole document prints
 * for it (JSON.stringify escapes line breaks inside strings, so every literal one is a line break).
 */
function withCachedItems(feed: object, entries: readonly FeedEntry[], cache: EntryCache): string {
  const head = JSON.stringify({ ...feed, items: [] }, null, 2);
  if (entries.length === 0) return `${head}\n`;
  const items = entries.map((entry) =>
    cachedPart(cache, entry.article, `json\n${entry.id}\n${entry.url}`, () => JSON.stringify(item(entry), null, 2).replaceAll('\n', ITEM_INDENT)),
  );
  // `head` ends with the empty list and the closing brace: `"items": []\n}`.
  return `${head.slice(0, -'[]\n}'.length)}[${ITEM_INDENT}${items.join(`,${ITEM_INDENT}`)}\n  ]\n}\n`;
}
