/**
 * URLs that leave the system: only absolute http(s). A `javascript:`,
 * `data:`, `vbscript:`, `file:` or `ftp:` URL would be served back in the
 * article JSON, the ninjs `altids` and feed links, where a partner may put it
 * in an `href`; it is dropped, and a note tells the publisher why.
 */
import type { NormalisationNote } from '../article/schema.ts';

export function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** The URL as given when it is absolute http(s) (kept as sent: it is part of the article's identity); else no URL and a note. */
export function httpUrl(value: string | undefined): { url?: string; note?: NormalisationNote } {
  const trimmed = value?.trim();
  if (!trimmed) return {};
  if (isHttpUrl(trimmed)) return { url: trimmed };
  const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
  return { note: { code: 'url_dropped', message: `canonical URL ${JSON.stringify(shown)} is not an absolute http(s) URL and was dropped` } };
}
