/**
 * The default feed pictures (functions/core/feeds/brand.ts) in the bucket
 * beside the pages, so the icon and logo every feed names exist. Drawn and
 * checked once per container: after that a batch costs nothing more; a
 * container whose write failed tries again on its next batch. A failure never
 * fails the batch: the feeds themselves are published either way.
 */
import { createHash } from 'node:crypto';
import { defaultBrandAssets, drawBrandPng } from '../core/feeds/brand.ts';
import type { FeedFileStore } from './ports.ts';

/** The pictures never change for a given drawing: cache them for a day. */
export const BRAND_CACHE_CONTROL = 'public, max-age=86400';

let stored = false;

export async function ensureBrandAssets(files: FeedFileStore, warn: (message: string, details: Record<string, unknown>) => void): Promise<string[]> {
  if (stored) return [];
  const written: string[] = [];
  try {
    for (const asset of Object.values(defaultBrandAssets)) {
      const body = drawBrandPng(asset);
      const hash = createHash('sha256').update(body).digest('hex');
      if ((await files.storedHash(asset.key)) === hash) continue;
      await files.write({ key: asset.key, body, contentType: 'image/png', cacheControl: BRAND_CACHE_CONTROL, hash });
      written.push(asset.key);
    }
    stored = true;
  } catch (error) {
    warn('default feed pictures not stored; the next batch tries again', { error: String(error) });
  }
  return written;
}
