/**
 * The image a page leads with: the article's first `lead` medium with an https
 * URL, else its first image. Read defensively: `media` is optional in the model
 * and an article stored before it existed has none.
 */
import type { Article } from '../article/schema.ts';

export interface LeadImage {
  url: string;
  alt: string;
  width?: number;
  height?: number;
  caption?: string;
  credit?: string;
}

interface MediumLike {
  url?: unknown;
  role?: unknown;
  mediaType?: unknown;
  type?: unknown;
  alt?: unknown;
  altText?: unknown;
  width?: unknown;
  height?: unknown;
  caption?: unknown;
  credit?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const size = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

function isHttpsImage(medium: MediumLike): boolean {
  const url = text(medium.url);
  if (!url || !/^https:\/\//i.test(url)) return false;
  const type = text(medium.mediaType) ?? text(medium.type);
  return !type || type.startsWith('image');
}

export function leadImage(article: Article): LeadImage | undefined {
  const media = (article as { media?: unknown }).media;
  if (!Array.isArray(media)) return undefined;
  const images = (media as MediumLike[]).filter((m) => m && typeof m === 'object' && isHttpsImage(m));
  const chosen = images.find((m) => m.role === 'lead') ?? images[0];
  if (!chosen) return undefined;
  const width = size(chosen.width);
  const height = size(chosen.height);
  const caption = text(chosen.caption);
  const credit = text(chosen.credit);
  return {
    url: text(chosen.url) as string,
    alt: text(chosen.alt) ?? text(chosen.altText) ?? '',
    ...(width && height ? { width, height } : {}),
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
  };
}
