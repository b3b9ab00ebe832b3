/**
 * schema.org `NewsArticle` as JSON-LD, for search engines and link previews.
 *
 * The JSON sits inside `<script type="application/ld+json">`, where the HTML
 * parser ends the element at the first `</script` whatever JSON thinks, and
 * `<!--` changes how it looks for that end. So every `<`, `>` and `&` is written
 * as a JSON `\u` escape (the same string to a JSON reader, inert to the HTML
 * parser), and U+2028/U+2029 too, for readers that treat the block as script.
 */
import type { FeedEntry } from '../feeds/view.ts';
import type { LeadImage } from './lead-image.ts';
import { rfc3339 } from '../feeds/dates.ts';
import { xmlSafe } from '../feeds/xml.ts';

const unsafe = /[<>&\u2028\u2029]/g;
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `value` as JSON that can sit inside a `<script>` data block. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(unsafe, unicodeEscape);
}

export function newsArticleJsonLd(entry: FeedEntry, publisherPage: string, image: LeadImage | undefined): string {
  const { article } = entry;
  const byline = article.byline?.trim();
  const publisher = { '@type': 'Organization', name: xmlSafe(article.publisher.name), url: publisherPage };
  return scriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': entry.pageUrl,
    url: entry.pageUrl,
    mainEntityOfPage: entry.url,
    headline: xmlSafe(entry.title),
    ...(entry.summary ? { description: xmlSafe(entry.summary) } : {}),
    datePublished: rfc3339(entry.published),
    dateModified: rfc3339(entry.updated),
    inLanguage: article.language,
    author: byline ? [{ '@type': 'Person', name: xmlSafe(byline) }] : [publisher],
    publisher,
    ...(image ? { image: [image.url] } : {}),
    keywords: article.tags.map((t) => xmlSafe(t.label)),
    wordCount: article.wordCount,
  });
}
