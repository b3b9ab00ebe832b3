/**
 * The media policy: what an image found in any input must be to become part
 * of the article. Every parser hands its finds here, so HTML, ninjs and our
 * JSON refuse the same things for the same reasons:
 * 1. a URL is required; relative ones are resolved against the page they came from;
 * 2. only `https:` survives (`http:` would be mixed content on our pages,
 *    `data:` would inline the image into every feed);
 * 3. tracking pixels (1 or 2 px on a side) are not pictures;
 * 4. the media type is guessed from the file extension when the source gave none.
 * A refusal is a normalisation note naming the image and the reason, never a
 * refused article: an unusable picture should not stop the story.
 */
import type { Media, MediaRole, NormalisationNote, Rendition } from '../article/schema.ts';
import { cleanLine } from '../normalise/text.ts';

/** Longer URLs are almost always inlined data or tracking parameters; feeds should not carry them. */
export const MAX_MEDIA_URL_LENGTH = 2048;
/** An image this small on either side is a beacon or a spacer, not a picture. */
export const TRACKING_PIXELS = 2;
/** Images kept per article; more is a gallery, not an article. */
export const MAX_MEDIA = 50;

export interface RenditionCandidate {
  url?: string | undefined;
  name?: string | undefined;
  mediaType?: string | undefined;
  width?: unknown;
  height?: unknown;
  bytes?: unknown;
}

export interface ImageCandidate extends RenditionCandidate {
  /** Where the image was found, for notes: `og:image`, `body image 2`, `media[0]`, `association "lead"`. */
  where: string;
  role: MediaRole;
  caption?: string | undefined;
  credit?: string | undefined;
  alt?: string | undefined;
  renditions?: RenditionCandidate[] | undefined;
}

const extensionTypes: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
};
const mediaTypeShape = /^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** A positive whole number of pixels (or bytes) from a number or a string like `1200` or `1200px`. */
export function positiveInt(value: unknown, max = 100_000): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(?:px)?\s*$/i.test(value) ? Number.parseInt(value, 10) : NaN;
  return Number.isSafeInteger(number) && number >= 1 && number <= max ? number : undefined;
}

type UrlVerdict = { url: string } | { reason: string };

function judgeUrl(raw: string | undefined, base: string | undefined): UrlVerdict {
  const value = raw?.trim();
  if (!value) return { reason: 'has no URL' };
  if (/^data:/i.test(value)) return { reason: 'is an inline data: URL (only https:// images are kept)' };
  if (value.length > MAX_MEDIA_URL_LENGTH) return { reason: `has a URL longer than ${MAX_MEDIA_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = base ? new URL(value, base) : new URL(value);
  } catch {
    return { reason: base ? `has a URL that cannot be read (${JSON.stringify(value.slice(0, 100))})` : `has a relative URL (${JSON.stringify(value.slice(0, 100))}) and no page to resolve it against` };
  }
  if (url.protocol !== 'https:') return { reason: `is not https (${url.protocol}//…): only https:// images are kept` };
  if (url.username || url.password) return { reason: 'has credentials in its URL' };
  return { url: url.href };
}

function mediaTypeOf(declared: string | undefined, url: string): string | undefined {
  const type = declared?.trim().toLowerCase().split(';')[0]?.trim();
  if (type && mediaTypeShape.test(type)) return type;
  const extension = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension ? extensionTypes[extension] : undefined;
}

const text = (value: string | undefined) => (value === undefined ? undefined : cleanLine(value) || undefined);

function figures(candidate: RenditionCandidate, url: string): Omit<Rendition, 'url' | 'name'> {
  const mediaType = mediaTypeOf(candidate.mediaType, url);
  const width = positiveInt(candidate.width);
  const height = positiveInt(candidate.height);
  const bytes = positiveInt(candidate.bytes, Number.MAX_SAFE_INTEGER);
  return { ...(mediaType ? { mediaType } : {}), ...(width ? { width } : {}), ...(height ? { height } : {}), ...(bytes ? { bytes } : {}) };
}

function trackingSized(candidate: RenditionCandidate): boolean {
  const width = positiveInt(candidate.width);
  const height = positiveInt(candidate.height);
  return (width !== undefined && width <= TRACKING_PIXELS) || (height !== undefined && height <= TRACKING_PIXELS);
}

const refused = (notes: NormalisationNote[], where: string, reason: string) =>
  notes.push({ code: 'image_ignored', message: `${where} ${reason}; it was left out` });

/**
 * `candidate` as article media, or undefined with a note saying why not.
 * `base` is the page the image's URL is relative to (absent: relative URLs are refused).
 */
export function acceptImage(candidate: ImageCandidate, base: string | undefined, notes: NormalisationNote[]): Media | undefined {
  const verdict = judgeUrl(candidate.url, base);
  if ('reason' in verdict) return void refused(notes, candidate.where, verdict.reason);
  if (trackingSized(candidate)) return void refused(notes, candidate.where, 'is tracking-pixel sized (2 px or less on a side)');
  const renditions: Rendition[] = [];
  for (const [i, rendition] of (candidate.renditions ?? []).entries()) {
    const label = `${candidate.where} rendition ${JSON.stringify(rendition.name ?? String(i + 1))}`;
    const judged = judgeUrl(rendition.url, base);
    if ('reason' in judged) refused(notes, label, judged.reason);
    else if (!trackingSized(rendition)) renditions.push({ url: judged.url, ...(rendition.name?.trim() ? { name: rendition.name.trim() } : {}), ...figures(rendition, judged.url) });
  }
  const caption = text(candidate.caption);
  const credit = text(candidate.credit);
  const alt = candidate.alt === undefined ? undefined : cleanLine(candidate.alt);
  return {
    url: verdict.url,
    ...figures(candidate, verdict.url),
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    ...(alt !== undefined ? { alt } : {}),
    role: candidate.role,
    ...(renditions.length ? { renditions } : {}),
  };
}

/** Fields of `b` fill what `a` lacks (`a` is the first find of the same image), in the schema's key order. */
function merge(a: Media, b: Media): Media {
    return {
    url: a.url,
    ...((a.mediaType ?? b.mediaType) ? { mediaType: a.mediaType ?? b.mediaType } : {}),
    ...((a.width ?? b.width) ? { width: a.width ?? b.width } : {}),
    ...((a.height ?? b.height) ? { height: a.height ?? b.height } : {}),
    ...((a.bytes ?? b.bytes) ? { bytes: a.bytes ?? b.bytes } : {}),
    ...((a.caption ?? b.caption) ? { caption: a.caption ?? b.caption } : {}),
    ...((a.credit ?? b.credit) ? { credit: a.credit ?? b.credit } : {}),
    ...((a.alt ?? b.alt) !== undefined ? { alt: a.alt ?? b.alt } : {}),
    role: a.role === 'lead' || b.role === 'lead' ? 'lead' : 'inline',
    ...((a.renditions ?? b.renditions) ? { renditions: a.renditions ?? b.renditions } : {}),
  };
}

/**
 * One list, lead first: the same URL found twice (og:image and the body's
 * first figure) becomes one entry with what both knew; only the first lead
 * stays lead; at most `MAX_MEDIA` (the rest noted). Idempotent.
 */
export function settleMedia(found: readonly Media[], notes: NormalisationNote[]): Media[] {
  const byUrl = new Map<string, Media>();
  for (const media of found) {
    const seen = byUrl.get(media.url);
    byUrl.set(media.url, seen ? merge(seen, media) : media);
  }
  let leadSeen = false;
  const settled = [...byUrl.values()].map((media): Media => {
    if (media.role !== 'lead') return media;
    if (leadSeen) return { ...media, role: 'inline' };
    leadSeen = true;
    return media;
  });
  settled.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
  if (settled.length > MAX_MEDIA) {
    notes.push({ code: 'image_ignored', message: `${settled.length - MAX_MEDIA} images beyond the first ${MAX_MEDIA} were left out` });
  }
  return settled.slice(0, MAX_MEDIA);
}

/** The image that stands for the article: its lead, else its first image. */
export function leadImage(article: { media?: readonly Media[] | undefined }): Media | undefined {
  return article.media?.find((m) => m.role === 'lead') ?? article.media?.[0];
}
