/**
 * Permanent entry ids: the same in every feed and format, and never changed by
 * moving the feeds to another host or by the calendar, so readers never show
 * an article twice.
 *
 * - Articles published from `ID_SCHEME_CUTOVER` on get `urn:uuid:` ids, UUID
 *   version 5 (RFC 9562: SHA-1 of a fixed namespace and the article id). The
 *   namespace is this project's own constant: no host, no year, nothing a
 *   deployment can change.
 * - Articles published before it keep the `tag:` id they were published with
 *   (`tag:{authority}:article/{id}`, the authority being the feeds' host and
 *   2025), because readers already hold those. The authority is a setting
 *   (`FEED_LEGACY_ID_AUTHORITY`, derived from the feeds' host when unset): pin
 *   it before moving the feeds, and old ids survive the move too.
 * Feed ids keep the `tag:` form for the same reason (every feed existed before).
 */
import { createHash } from 'node:crypto';

/** The UUID namespace of entry and feed ids: fixed forever. */
export const ID_NAMESPACE = 'b490d442-c219-40da-8f5b-5e3edc874bbb';
/** Articles published before this instant keep their `tag:` ids. */
export const ID_SCHEME_CUTOVER = '2026-12-01T00:00:00.000Z';

export interface IdSettings {
  /** Authority of the ids published before the cutover, e.g. `feeds.example.com,2025`; absent: every id is a UUID. */
  idAuthority?: string | undefined;
  /** Overrides `ID_SCHEME_CUTOVER` (tests, or a deployment that switched later). */
  idCutover?: string | undefined;
}

/** UUID version 5 of `name` in `namespace` (RFC 9562 §5.5). */
export function uuidV5(name: string, namespace: string = ID_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function entryId(settings: IdSettings, article: { id: string; publishedAt: string }): string {
  const cutover = Date.parse(settings.idCutover ?? ID_SCHEME_CUTOVER);
  if (settings.idAuthority && Date.parse(article.publishedAt) < cutover) {
    return `tag:${settings.idAuthority}:article/${encodeURIComponent(article.id)}`;
  }
  return `urn:uuid:${uuidV5(`article/${article.id}`)}`;
}

export function feedId(settings: IdSettings, key: string): string {
  if (settings.idAuthority) return `tag:${settings.idAuthority}:feed/${key.split('/').map(encodeURIComponent).join('/')}`;
  return `urn:uuid:${uuidV5(`feed/${key}`)}`;
}
