/**
 * Item content as feeds carry it. Feed readers resolve relative URLs against
 * whatever base they guess (the W3C validator warns on them), so links and
 * images in the body are made absolute against the article's canonical page,
 * or dropped when there is no page to resolve them against.
 */
import type { Article } from '../article/schema.ts';
import { isWhollyQuoted } from '../normalise/text.ts';

const urlAttribute = /(\s)(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

/** The article's own web page, when it has an absolute http(s) one. */
export function canonicalPage(article: Article): string | undefined {
  const url = article.source.canonicalUrl;
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** `html` with every relative `href`/`src` resolved against `base`, or removed when there is no base. */
export function absoluteUrls(html: string, base: string | undefined): string {
  if (!html.includes('=')) return html;
  return html.replace(urlAttribute, (whole, space: string, name: string, double?: string, single?: string) => {
    const value = (double ?? single ?? '').trim();
    if (hasScheme.test(value) || value.startsWith('//')) return whole;
    if (!base) return '';
    try {
      return `${space}${name}="${new URL(value, base).href.replace(/"/g, '%22')}"`;
    } catch {
      return '';
    }
  });
}

/**
 * Plain-text summary: the normaliser's summary, else the standfirst, else
 * nothing; without the quote marks that mark a standfirst in the text format
 * (articles stored before the normaliser dropped them still carry them).
 */
export function plainSummary(article: Article): string {
  const summary = article.summary.trim() || article.standfirst?.trim() || '';
  const standfirst = article.standfirst?.trim();
  if (!standfirst || !isWhollyQuoted(standfirst) || summary[0] !== standfirst[0]) return summary;
  const closing = standfirst[standfirst.length - 1]!;
  return (summary.endsWith(closing) ? summary.slice(1, -1) : summary.slice(1)).trim();
}
