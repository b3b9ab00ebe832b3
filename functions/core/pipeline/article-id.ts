/**
 * Article ids are derived, not random, so a retried request (same publisher,
 * same source id, URL or text) gets the same id and the store can recognise it.
 * The key is the most stable identity the source offers: its own id, else its
 * canonical URL, else the fingerprint of the text.
 */
import { createHash } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

export interface ArticleIdentity {
  publisherId: string;
  sourceId?: string | undefined;
  canonicalUrl?: string | undefined;
  fingerprint: string;
}

/** The identity key the id is derived from, e.g. `source:abc-123`, `url:https://…`, `fp:3f…`. */
export function identityKey({ sourceId, canonicalUrl, fingerprint }: Omit<ArticleIdentity, 'publisherId'>): string {
  if (sourceId) return `source:${sourceId}`;
  if (canonicalUrl) return `url:${canonicalUrl}`;
  return `fp:${fingerprint}`;
}

/** `art_` + 20 base32 characters (100 bits) of SHA-256(publisher id, identity key): URL- and key-safe. */
export function deriveArticleId(identity: ArticleIdentity): string {
  const digest = createHash('sha256').update(`${identity.publisherId}\n${identityKey(identity)}`, 'utf8').digest();
  return `art_${base32(digest.subarray(0, 13)).slice(0, 20)}`;
}
