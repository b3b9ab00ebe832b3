/**
 * Images in RSS 2.0: Media RSS (https://www.rssboard.org/media-rss) for every
 * image, and the RSS `enclosure` for the lead image when its size in bytes is
 * known (RSS 2.0 requires `length`; a guessed one would mislead podcatchers
 * and the W3C validator alike, and an item may have only one enclosure).
 *
 * Each image is a `media:content` with its caption as `media:description`
 * (the alt text when there is no caption) and its credit as `media:credit`
 * (no role: a credit may be an agency, and the validator checks roles against
 * the EBU list). The lead also gets an item-level `media:thumbnail`, its
 * smallest rendition with a known width, which is what readers show in lists.
 */
import type { Media } from '../article/schema.ts';
import { emptyElement, textElement } from './xml.ts';
import type { FeedEntry } from './view.ts';

export const MEDIA_RSS_NAMESPACE = 'http://search.yahoo.com/mrss/';

const size = (value: number | undefined) => (value === undefined ? undefined : String(value));

function content(media: Media): string {
  const attributes = {
    url: media.url,
    type: media.mediaType,
    medium: 'image',
    width: size(media.width),
    height: size(media.height),
    fileSize: size(media.bytes),
  };
  const description = media.caption ?? (media.alt || undefined);
  const children = [
    ...(description ? [textElement('media:description', description, { type: 'plain' })] : []),
    ...(media.credit ? [textElement('media:credit', media.credit)] : []),
  ];
  if (children.length === 0) return emptyElement('media:content', attributes);
  return `${emptyElement('media:content', attributes).slice(0, -2)}>${children.join('')}</media:content>`;
}

function thumbnail(image: Media): string {
  const sized = (image.renditions ?? []).filter((r) => r.width !== undefined);
  const smallest = sized.sort((a, b) => a.width! - b.width!)[0] ?? image;
  return emptyElement('media:thumbnail', { url: smallest.url, width: size(smallest.width), height: size(smallest.height) });
}

/** The item's image elements: enclosure (when the lead's length is known), thumbnail, one media:content per image. */
export function rssMediaElements(entry: FeedEntry): string[] {
  const { image } = entry;
  if (!image) return [];
  const parts: string[] = [];
  if (image.bytes && image.mediaType) parts.push(emptyElement('enclosure', { url: image.url, length: String(image.bytes), type: image.mediaType }));
  parts.push(thumbnail(image));
  for (const media of entry.media) parts.push(content(media));
  return parts;
}
