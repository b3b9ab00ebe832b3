/**
 * The image a page leads with: the article's `lead` medium, else its first
 * image. The model already holds only https images (functions/core/media/accept.ts);
 * a medium whose type says it is not an image (a video, say) is not shown as one.
 */
import type { Article, Media } from '../article/schema.ts';

export type LeadImage = Pick<Media, 'url' | 'width' | 'height' | 'caption' | 'credit'> & { alt: string };

const isImage = (medium: Media) => !medium.mediaType || medium.mediaType.startsWith('image/');

export function leadImage(article: Article): LeadImage | undefined {
  const images = (article.media ?? []).filter(isImage);
  const chosen = images.find((m) => m.role === 'lead') ?? images[0];
  if (!chosen) return undefined;
  const { url, width, height, caption, credit } = chosen;
  return {
    url,
    alt: chosen.alt ?? '',
    // Both or neither: one alone would distort the image while it loads.
    ...(width && height ? { width, height } : {}),
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
  };
}
