/**
 * RSS 2.0 with the extensions readers and the W3C validator expect:
 * `atom:link rel="self"` (and `rel="hub"` for WebSub), `content:encoded` for
 * the full HTML, `dc:creator` for the byline (RSS's own `author` must be an
 * e-mail address), a non-permalink `guid` holding the permanent id, and one
 * `category` per tag whose text is the tag id and whose `domain` is the
 * tag's public page.
 *
 * RSS readers take `<description>` as entity-encoded HTML, so its plain-text
 * summary (and the channel's description) is HTML-escaped before it is
 * XML-escaped: `<img onerror>` in a summary reaches a reader as the text
 * `<img onerror>`, never as an element.
 */
import { escapeHtml } from '../normalise/html.ts';
import { rfc822 } from './dates.ts';
import { MEDIA_RSS_NAMESPACE, rssMediaElements } from './media-rss.ts';
import { emptyElement, textElement } from './xml.ts';
import { FEED_HISTORY_NAMESPACE } from './atom.ts';
import type { FeedEntry, FeedView } from './view.ts';
import { cachedPart } from './entry-cache.ts';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

/** Category elements repeat across items (same tags, same domain): built once per render. */
type CategoryCache = Map<string, string>;

function item(entry: FeedEntry, view: FeedView, categories: CategoryCache): string {
  const parts = [
    textElement('title', entry.title),
    textElement('link', entry.url),
    textElement('guid', entry.id, { isPermaLink: 'false' }),
    textElement('pubDate', rfc822(entry.published)),
  ];
  if (entry.summary) parts.push(textElement('description', escapeHtml(entry.summary)));
  if (entry.contentHtml) parts.push(textElement('content:encoded', entry.contentHtml));
  for (const author of entry.authors) parts.push(textElement('dc:creator', author));
  for (const tag of entry.article.tags) {
    let category = categories.get(tag.id);
    if (category === undefined) {
      // The domain is the tag's own page, so following it leads somewhere a person can read.
      category = textElement('category', tag.id, { domain: `${view.taxonomyScheme}${encodeURIComponent(tag.id)}.html` });
      categories.set(tag.id, category);
    }
    parts.push(category);
  }
  parts.push(...rssMediaElements(entry));
  return `<item>${parts.join('')}</item>`;
}

export function renderRss(view: FeedView): string {
  const channel = [
    textElement('title', view.title),
    textElement('link', view.homeUrl),
    textElement('description', escapeHtml(view.description)),
    textElement('language', view.language),
    textElement('lastBuildDate', rfc822(view.updated)),
    textElement('docs', 'https://www.rssboard.org/rss-specification'),
    emptyElement('atom:link', { href: view.selfUrls.rss, rel: 'self', type: 'application/rss+xml' }),
  ];
  if (view.hubUrl) channel.push(emptyElement('atom:link', { href: view.hubUrl, rel: 'hub' }));
  // RFC 5005 in RSS: Atom links for the history, `fh:archive` marking an archive document.
  const history = view.history;
  if (history?.current) channel.push(emptyElement('atom:link', { href: history.current.rss, rel: 'current', type: 'application/rss+xml' }));
  if (history?.prevArchive) channel.push(emptyElement('atom:link', { href: history.prevArchive.rss, rel: 'prev-archive', type: 'application/rss+xml' }));
  if (history?.archive) channel.push('<fh:archive/>');
  // The channel image's title and link must match the channel's (readers and the validator compare them); 144 px is RSS's widest.
  channel.push(`<image>${textElement('url', view.brand.logoUrl)}${textElement('title', view.title)}${textElement('link', view.homeUrl)}<width>144</width><height>72</height></image>`);
  const categories: CategoryCache = new Map();
  // An item depends on its article, the taxonomy scheme (and so the feeds' base URL) and its id (the id settings).
  for (const entry of view.entries) {
    channel.push(cachedPart(view.entryCache, entry.article, `rss\n${view.taxonomyScheme}\n${entry.id}`, () => item(entry, view, categories)));
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ` xmlns:media="${MEDIA_RSS_NAMESPACE}"${view.history?.archive ? ` xmlns:fh="${FEED_HISTORY_NAMESPACE}"` : ''}>` +
    `<channel>${channel.join('')}</channel></rss>\n`
  );
}
