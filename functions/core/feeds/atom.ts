/**
 * Atom 1.0 (RFC 4287). Feed and entry ids are `tag:` URIs: the feed id is
 * distinct per feed, an entry id is the article's, shared by every feed it is
 * in (so aggregators deduplicate across feeds). The feed has an author (so
 * even an empty feed satisfies RFC 4287 §4.1.1) and every entry its own.
 */
import { rfc3339 } from './dates.ts';
import { emptyElement, textElement } from './xml.ts';
import type { FeedEntry, FeedView } from './view.ts';
import { cachedPart } from './entry-cache.ts';

/** RFC 5005's namespace, for `fh:archive`. */
export const FEED_HISTORY_NAMESPACE = 'http://purl.org/syndication/history/1.0';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

const person = (name: string) => `<author>${textElement('name', name)}</author>`;

function entry(item: FeedEntry, view: FeedView): string {
  const parts = [
    textElement('id', item.id),
    textElement('title', item.title, { type: 'text' }),
    textElement('updated', rfc3339(item.updated)),
    textElement('published', rfc3339(item.published)),
    ...item.authors.map(person),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    // Images as enclosures (RFC 4287 §4.2.7.2); `type` is what readers pick on, so images of unknown type are left to the HTML.
    ...item.media.flatMap((m) => (m.mediaType ? [emptyElement('link', { rel: 'enclosure', type: m.mediaType, href: m.url, length: m.bytes ? String(m.bytes) : undefined })] : [])),
  ];
  for (const tag of item.article.tags) {
    parts.push(emptyElement('category', { term: tag.id, scheme: view.taxonomyScheme, label: tag.label }));
  }
  if (item.summary) parts.push(textElement('summary', item.summary, { type: 'text' }));
  parts.push(textElement('content', item.contentHtml, { type: 'html' }));
  const lang = item.language && item.language !== view.language ? ` xml:lang="${item.language}"` : '';
  return `<entry${lang}>${parts.join('')}</entry>`;
}

export function renderAtom(view: FeedView): string {
  const parts = [
    textElement('id', view.id),
    textElement('title', view.title, { type: 'text' }),
    textElement('subtitle', view.description, { type: 'text' }),
    textElement('updated', rfc3339(view.updated)),
    person(view.author),
    emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: view.selfUrls.atom }),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: view.homeUrl }),
  ];
  if (view.hubUrl) parts.push(emptyElement('link', { rel: 'hub', href: view.hubUrl }));
  const history = view.history;
  if (history?.current) parts.push(emptyElement('link', { rel: 'current', type: 'application/atom+xml', href: history.current.atom }));
  if (history?.prevArchive) parts.push(emptyElement('link', { rel: 'prev-archive', type: 'application/atom+xml', href: history.prevArchive.atom }));
  if (history?.archive) parts.push('<fh:archive/>');
  // RFC 4287: `icon` is small and square, `logo` twice as wide as tall.
  parts.push(textElement('generator', 'syndicate'), textElement('icon', view.brand.faviconUrl), textElement('logo', view.brand.logoUrl));
  // An entry depends on its article, the taxonomy scheme (and so the feeds' base URL), its id (the id settings) and the feed's language (`xml:lang`).
  for (const item of view.entries) {
    parts.push(cachedPart(view.entryCache, item.article, `atom\n${view.taxonomyScheme}\n${view.language}\n${item.id}`, () => entry(item, view)));
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom"${view.history?.archive ? ` xmlns:fh="${FEED_HISTORY_NAMESPACE}"` : ''} xml:lang="${view.language}">` +
    `${parts.join('')}</feed>\n`
  );
}
