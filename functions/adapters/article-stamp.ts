/**
 * A short fingerprint of one state of an article, written on each of its feed-index entries
 * (./article-item.ts `feedEntryItems`), so a reader holding that state already (publish's
 * in-container cache, functions/publish/article-cache.ts) knows from the index alone that it is
 * still the one listed. It covers the whole article as stored (every field, the version and status
 * among them): a correction, a withdrawal or any other rewrite gives another stamp, whoever wrote it.
 *
 * JSON with object keys sorted, so the same article gives the same stamp however its attributes came
 * back from the table or the stream.
 */
import { createHash } from 'node:crypto';
import type { Article } from '#core/article/schema.ts';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 96 bits of SHA-256, base64url (16 characters): collisions are not a concern at any article count. */
export const articleStamp = (article: Article): string => createHash('sha256').update(canonical(article)).digest('base64url').slice(0, 16);
