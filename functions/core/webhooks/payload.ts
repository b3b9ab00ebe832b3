/**
 * The body partners receive: `{type, timestamp, data}` per Standard Webhooks,
 * built only from the event, so every retry and replay sends the same bytes.
 * Bodies stay under 20 KB (receivers and queues have limits; the full article
 * is one link away): the summary is shortened first, and anything else cut is
 * named in `data.truncated` rather than dropped silently.
 */
import type { ArticleEvent, ArticleEventType } from '../article/events.ts';

export const MAX_PAYLOAD_BYTES = 20 * 1024;

export interface WebhookTag {
  id: string;
  label: string;
  type: string;
}

export interface WebhookPayload {
  type: ArticleEventType;
  timestamp: string;
  data: {
    id: string;
    version: number;
    status: string;
    headline: string;
    publisher: { id: string; name: string };
    tags: WebhookTag[];
    summary: string;
    publishedAt: string;
    updatedAt: string;
    withdrawnAt?: string;
    links: { json: string; ninjs: string };
    truncated?: Array<'summary' | 'tags'>;
  };
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts text to at most `maxBytes` UTF-8 bytes at a word boundary, marking the cut with an ellipsis. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - byteLength('…');
  if (budget <= 0) return '';
  let cut = '';
  let used = 0;
  for (const ch of text) {
    used += byteLength(ch);
    if (used > budget) break;
    cut += ch;
  }
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > cut.length / 2 ? atWord : cut).trimEnd()}…`;
}

export function buildPayload(event: ArticleEvent, publicBaseUrl: string): WebhookPayload {
  const a = event.article;
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/articles/${encodeURIComponent(a.id)}`;
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      id: a.id,
      version: a.version,
      status: a.status,
      headline: a.headline,
      publisher: { id: a.publisher.id, name: a.publisher.name },
      tags: a.tags.map((t) => ({ id: t.id, label: t.label, type: t.type })),
      summary: a.summary,
      publishedAt: a.publishedAt,
      updatedAt: a.updatedAt,
      ...(a.withdrawnAt ? { withdrawnAt: a.withdrawnAt } : {}),
      links: { json: base, ninjs: `${base}.ninjs` },
    },
  };
}

/**
 * Serialises a payload within `maxBytes`:
 * 1. as is, when it fits;
 * 2. else with the summary shortened by the overflow;
 * 3. else (pathological tag lists) with tags cut from the end.
 */
export function serialisePayload(payload: WebhookPayload, maxBytes = MAX_PAYLOAD_BYTES): string {
  let body = JSON.stringify(payload);
  if (byteLength(body) < maxBytes) return body;
  const data = { ...payload.data, truncated: [] as Array<'summary' | 'tags'> };
  data.truncated.push('summary');
  // Escapes can make the JSON longer than the text, so shrink until it fits.
  while (byteLength(body) >= maxBytes && data.summary.length > 0) {
    const overflow = byteLength(body) - maxBytes + 1;
    const raw = byteLength(data.summary);
    const escaped = byteLength(JSON.stringify(data.summary));
    data.summary = truncateToBytes(data.summary, Math.min(raw - 1, Math.floor((raw * (escaped - overflow)) / escaped)));
    body = JSON.stringify({ ...payload, data });
  }
  if (byteLength(body) < maxBytes) return body;
  data.truncated.push('tags');
  while (data.tags.length > 0 && byteLength(body) >= maxBytes) {
    data.tags = data.tags.slice(0, -1);
    body = JSON.stringify({ ...payload, data });
  }
  if (byteLength(body) >= maxBytes) throw new RangeError(`webhook payload for ${payload.data.id} cannot fit in ${maxBytes} bytes`);
  return body;
}
