/**
 * HTML pages and fragments:
 * 1. read metadata (meta tags, canonical link, lang, JSON-LD);
 * 2. pick the article container (`<article>`, else `<main>`, else `<body>`, else the fragment);
 * 3. take the headline (first `<h1>`, else og:title, else `<title>` minus the site name),
 *    standfirst and byline elements out of it;
 * 4. sanitise what remains and split it into paragraphs.
 * Bad page metadata (an unreadable date, a relative canonical URL) is skipped with a note, not refused.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { NormalisationNote, ParsedArticle } from '../article/schema.ts';
import { cleanLine } from '../normalise/text.ts';
import { isBeforeEarliest, toIsoDate } from './dates.ts';
import { attribute, findAll, findFirst, hasClass, innerHtml, parseHtmlDocument, removeNode, textOf, type HtmlElement } from './dom.ts';
import { htmlToParagraphs } from './html-body.ts';
import { jsonLdName, jsonLdString, pageLeadImage, readPageMeta, type PageMeta } from './html-meta.ts';
import { acceptImage, settleMedia } from '../media/accept.ts';

const standfirstClass = /\b(?:standfirst|dek|deck|lede|subtitle|subhead(?:line)?|strapline|article-summary|intro)\b/i;
const bylineClass = /\b(?:byline|author)\b/i;
/** Page furniture inside an article container that is not article text. */
const furniture = new Set(['nav', 'aside', 'footer', 'form', 'header', 'script', 'style', 'noscript', 'template']);

const firstOf = (...values: (string | undefined)[]) => values.map((v) => v && cleanLine(v)).find((v) => !!v);

/** `<title>` usually reads "Headline | Site" or "Headline - Site": drop the site part when we know the site. */
function titleWithoutSite(title: string | undefined, site: string | undefined): string | undefined {
  if (!title || !site) return title;
  const parts = title.split(/\s+[|–—-]\s+/);
  const kept = parts.filter((p) => cleanLine(p).toLowerCase() !== cleanLine(site).toLowerCase());
  return kept.length > 0 && kept.length < parts.length ? kept.join(' – ') : title;
}

function stripByPrefix(byline: string | undefined): string | undefined {
  return byline?.replace(/^\s*by\s+/i, '') || undefined;
}

function absoluteUrl(value: string | undefined, field: string, notes: NormalisationNote[]): string | undefined {
  if (!value) return undefined;
  if (/^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value)) return new URL(value).href;
  notes.push({ code: 'metadata_ignored', message: `${field} ${JSON.stringify(value)} is not an absolute http(s) URL and was ignored` });
  return undefined;
}

function pageDate(value: string | undefined, field: string, notes: NormalisationNote[]): string | undefined {
  if (!value) return undefined;
  const iso = toIsoDate(value);
  if (!iso || isBeforeEarliest(iso)) {
    notes.push({ code: 'metadata_ignored', message: `${field} ${JSON.stringify(value.slice(0, 100))} is not a date since 1900 and was ignored` });
    return undefined;
  }
  return iso;
}

/** Takes the first element matching `test` out of the container, returning its text. */
function takeOut(container: HtmlElement | ReturnType<typeof parseHtmlDocument>, test: (e: HtmlElement) => boolean): string | undefined {
  const element = findFirst(container, test);
  if (!element) return undefined;
  removeNode(element);
  return cleanLine(textOf(element)) || undefined;
}

function headlineOf(page: PageMeta, h1: string | undefined, site: string | undefined): string | undefined {
  const { meta, jsonLd } = page;
  return firstOf(h1, meta.get('og:title'), meta.get('twitter:title'), jsonLdString(jsonLd?.headline), titleWithoutSite(page.title, site));
}

export function parseHtml(html: string): ParsedArticle {
  const doc = parseHtmlDocument(html);
  const page = readPageMeta(doc);
  const { meta, jsonLd } = page;
  const notes: NormalisationNote[] = [];

  const container = findFirst(doc, (e) => e.name === 'article') ?? findFirst(doc, (e) => e.name === 'main') ??
    findFirst(doc, (e) => e.name === 'body') ?? doc;
  const publisherName = firstOf(meta.get('og:site_name'), jsonLdName(jsonLd?.publisher), meta.get('application-name'), meta.get('publisher'), meta.get('dc.publisher'));
  const h1 = takeOut(container, (e) => e.name === 'h1') ?? takeOut(doc, (e) => e.name === 'h1');
  const standfirst = takeOut(container, (e) => e.name !== 'article' && hasClass(e, standfirstClass));
  const bylineElement = takeOut(container, (e) => (e.name !== 'article' && hasClass(e, bylineClass)) || (e.name === 'a' && attribute(e, 'rel') === 'author'));
  for (const element of findAll(container, (e) => furniture.has(e.name))) removeNode(element);

  const headline = headlineOf(page, h1, publisherName);
  if (!headline) throw new ArticleRefused('no_headline', 'no headline found (looked for <h1>, og:title, JSON-LD headline and <title>)');
  const canonicalUrl = absoluteUrl(page.canonical ?? meta.get('og:url') ?? jsonLdString(jsonLd?.url), 'canonical URL', notes);
  const { paragraphs, paragraphsHtml, media: inline } = htmlToParagraphs(innerHtml(container), { base: canonicalUrl, notes });
  if (paragraphs.length === 0) throw new ArticleRefused('no_body', 'no body paragraphs found in the HTML');
  const leadCandidate = pageLeadImage(page);
  const lead = leadCandidate && acceptImage(leadCandidate, canonicalUrl, notes);
  const media = settleMedia(lead ? [lead, ...inline] : inline, notes);

  const authorMeta = meta.get('author') ?? meta.get('byl') ?? meta.get('dc.creator') ?? jsonLdName(jsonLd?.author);
  const byline = stripByPrefix(firstOf(bylineElement, authorMeta, /^https?:/.test(meta.get('article:author') ?? '') ? undefined : meta.get('article:author')));
  const language = firstOf(page.lang, meta.get('content-language'), meta.get('og:locale'), jsonLdString(jsonLd?.inLanguage), meta.get('dc.language'));
  const publishedAt = pageDate(meta.get('article:published_time') ?? meta.get('datepublished') ?? jsonLdString(jsonLd?.datePublished) ?? meta.get('dc.date') ?? meta.get('date'), 'published date', notes);
  const embargoUntil = pageDate(meta.get('embargo') ?? meta.get('syndicate:embargo-until'), 'embargo date', notes);
  const sourceId = firstOf(meta.get('syndicate:source-id'), jsonLdString(jsonLd?.identifier));

  return {
    format: 'html',
    headline,
    paragraphs,
    paragraphsHtml,
    bodyHtml: paragraphsHtml.join('\n'),
    ...(publisherName ? { publisherName } : {}),
    ...(standfirst ? { standfirst } : {}),
    ...(byline ? { byline } : {}),
    ...(language ? { language } : {}),
    ...(sourceId ? { sourceId } : {}),
    ...(canonicalUrl ? { canonicalUrl } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(embargoUntil ? { embargoUntil } : {}),
    ...(media.length ? { media } : {}),
    ...(notes.length ? { notes } : {}),
  };
}
