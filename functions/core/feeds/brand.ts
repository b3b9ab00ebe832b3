/**
 * The feeds' own pictures: icon (square, 512 px, JSON Feed `icon`), favicon
 * (square, 64 px: JSON Feed `favicon`, Atom `icon`) and logo (2:1, 288×144:
 * Atom `logo`, RSS `<image>`). A deployment names its own with the
 * `FEED_ICON_URL`, `FEED_FAVICON_URL` and `FEED_LOGO_URL` settings; without
 * them the publish step stores these defaults beside the pages and every feed
 * points at them, so no reader shows a broken image.
 *
 * The defaults are drawn here, not shipped as binaries: a feed symbol (a dot
 * and two quarter rings) in white on blue, as PNG (RSS 2.0 allows GIF, JPEG
 * or PNG only). Same input, same bytes: zlib's output is fixed for a level.
 */
import { deflateSync } from 'node:zlib';
import { pageUrlOf, PAGES_PREFIX } from '../site/paths.ts';

export interface FeedBrand {
  iconUrl: string;
  faviconUrl: string;
  logoUrl: string;
}

export interface BrandAsset {
  key: string;
  width: number;
  height: number;
}

/** Where the default pictures are stored, beside the pages. */
export const defaultBrandAssets = {
  icon: { key: `${PAGES_PREFIX}assets/feed-icon-512.png`, width: 512, height: 512 },
  favicon: { key: `${PAGES_PREFIX}assets/feed-icon-64.png`, width: 64, height: 64 },
  logo: { key: `${PAGES_PREFIX}assets/feed-logo.png`, width: 288, height: 144 },
} as const satisfies Record<string, BrandAsset>;

/** The default pictures' public URLs under the feeds' base. */
export function defaultBrand(feedsBaseUrl: string): FeedBrand {
  return {
    iconUrl: pageUrlOf(feedsBaseUrl, defaultBrandAssets.icon.key),
    faviconUrl: pageUrlOf(feedsBaseUrl, defaultBrandAssets.favicon.key),
    logoUrl: pageUrlOf(feedsBaseUrl, defaultBrandAssets.logo.key),
  };
}

const BLUE = [0x1d, 0x4e, 0xd8] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** The feed symbol in a `size` square: is pixel (x, y) white? */
function symbolAt(x: number, y: number, size: number): boolean {
  const dx = (x + 0.5) / size - 0.22;
  const dy = 0.78 - (y + 0.5) / size;
  const r = Math.hypot(dx, dy);
  if (r <= 0.09) return true;
  if (dx < -0.09 || dy < -0.09) return false;
  return (r >= 0.3 && r <= 0.42) || (r >= 0.54 && r <= 0.66);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A PNG (8-bit RGB) of the symbol on the left square, the rest blue. */
export function drawBrandPng({ width, height }: BrandAsset): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const colour = x < height && symbolAt(x, y, height) ? WHITE : BLUE;
      rows.set(colour, row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
