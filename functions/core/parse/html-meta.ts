/**
 * Article metadata a web page carries: `<meta>` (Open Graph, article:*, Dublin
 * Core, plain name=…), `<link rel=canonical>`, `<html lang>` and schema.org
 * JSON-LD (`NewsArticle`). The first value found for a key wins, in document order.
 */
import type { ImageCandidate } from '../media/accept.ts';
import { attribute, findAll, textOf, type HtmlDocument } from './dom.ts';

export interface PageMeta {
  /** `<meta>` values by lower-cased property/name/itemprop. */
  meta: Map<string, string>;
  title?: string;
  lang?: string;
  canonical?: string;
  /** The first schema.org Article-like object in JSON-LD, if any. */
  jsonLd?: Record<string, unknown>;
}

const articleTypes = /^(?:News|Reportage|Analysis|Opinion|Report|Review|Background)?Article$|^BlogPosting$/;

function articleFromJsonLd(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = articleFromJsonLd(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(record['@type']);
  if (types.some((t) => typeof t === 'string' && articleTypes.test(t))) return record;
  return articleFromJsonLd(record['@graph']);
}

export function readPageMeta(doc: HtmlDocument): PageMeta {
  const meta = new Map<string, string>();
  for (const element of findAll(doc, (e) => e.name === 'meta')) {
    const key = (attribute(element, 'property') ?? attribute(element, 'name') ?? attribute(element, 'itemprop') ??
      attribute(element, 'http-equiv'))?.trim().toLowerCase();
    const content = attribute(element, 'content')?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const title = findAll(doc, (e) => e.name === 'title')[0];
  const html = findAll(doc, (e) => e.name === 'html')[0];
  const canonical = findAll(doc, (e) => e.name === 'link' && (attribute(e, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'))[0];
  let jsonLd: Record<string, unknown> | undefined;
  for (const script of findAll(doc, (e) => e.name === 'script' && (attribute(e, 'type') ?? '').toLowerCase() === 'application/ld+json')) {
    try {
      jsonLd = articleFromJsonLd(JSON.parse(script.children.map(textOf).join('')));
    } catch {
      // A broken JSON-LD block is the page's problem, not a reason to refuse its article.
    }
    if (jsonLd) break;
  }
  const lang = html && attribute(html, 'lang');
  const href = canonical && attribute(canonical, 'href');
  return {
    meta,
    ...(title ? { title: textOf(title) } : {}),
    ...(lang ? { lang } : {}),
    ...(href ? { canonical: href } : {}),
    ...(jsonLd ? { jsonLd } : {}),
  };
}

/** A JSON-LD value that may be a string, an object with `name`, or a list of those. */
export function jsonLdName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const names = value.map(jsonLdName).filter((n): n is string => !!n);
    return names.length ? names.join(', ') : undefined;
  }
  if (value && typeof value === 'object') {
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

export function jsonLdString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A JSON-LD `image`: a URL, an `ImageObject`, or a list of either (the first counts). */
function jsonLdImage(value: unknown): Omit<ImageCandidate, 'where' | 'role'> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return { url: first };
  if (!first || typeof first !== 'object') return undefined;
  const image = first as Record<string, unknown>;
  return {
    url: jsonLdString(image.url) ?? jsonLdString(image.contentUrl),
    width: image.width,
    height: image.height,
    caption: jsonLdString(image.caption),
    credit: jsonLdName(image.creditText) ?? jsonLdName(image.author) ?? jsonLdName(image.copyrightHolder),
  };
}

/**
 * The image a page says stands for it: Open Graph first (what link previews
 * show), then Twitter's card, then JSON-LD. Only the first one found counts.
 */
export function pageLeadImage({ meta, jsonLd }: PageMeta): ImageCandidate | undefined {
  const og = meta.get('og:image:secure_url') ?? meta.get('og:image') ?? meta.get('og:image:url');
  if (og) {
    return {
      where: 'og:image', role: 'lead', url: og, mediaType: meta.get('og:image:type'),
      width: meta.get('og:image:width'), height: meta.get('og:image:height'), alt: meta.get('og:image:alt'),
    };
  }
  const twitter = meta.get('twitter:image') ?? meta.get('twitter:image:src');
  if (twitter) return { where: 'twitter:image', role: 'lead', url: twitter, alt: meta.get('twitter:image:alt') };
  const image = jsonLdImage(jsonLd?.image);
  return image ? { where: 'JSON-LD image', role: 'lead', ...image } : undefined;
}
