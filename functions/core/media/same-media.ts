/**
 * Whether two articles show the same images. The fingerprint hashes only the
 * text (it finds the same article sent twice, and ids derive from it), so a
 * correction that only replaces, recaptions or removes a picture has the same
 * fingerprint: this tells the ingest step it is still a change partners must
 * see (a new version, feeds and pages re-rendered, `article.updated`).
 *
 * Compared field by field in a fixed order, because a stored article read
 * back from the table need not keep its keys in the order they were written.
 */
import type { Media, Rendition } from '../article/schema.ts';

const renditionKey = (r: Rendition) => [r.url, r.name, r.mediaType, r.width, r.height, r.bytes];
const mediaKey = (m: Media) => [m.url, m.role, m.mediaType, m.width, m.height, m.bytes, m.caption, m.credit, m.alt, (m.renditions ?? []).map(renditionKey)];

export function sameMedia(a: readonly Media[] | undefined, b: readonly Media[] | undefined): boolean {
  return JSON.stringify((a ?? []).map(mediaKey)) === JSON.stringify((b ?? []).map(mediaKey));
}
