import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultBrandAssets, drawBrandPng } from '../../../functions/core/feeds/brand.ts';
import { renderAtom } from '../../../functions/core/feeds/atom.ts';
import { renderJsonFeed } from '../../../functions/core/feeds/json-feed.ts';
import { renderRss } from '../../../functions/core/feeds/rss.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { settings } from './fixtures.ts';

describe('feed pictures', () => {
  it('draws each default as a PNG of its declared size, the same bytes every time', () => {
    for (const asset of Object.values(defaultBrandAssets)) {
      const png = drawBrandPng(asset);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([asset.width, asset.height]);
      const idatLength = png.readUInt32BE(33);
      expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe((asset.width * 3 + 1) * asset.height);
      expect(drawBrandPng(asset).equals(png)).toBe(true);
    }
  });

  it('names icon, favicon and logo in every format: the defaults beside the pages, or the deployment own', () => {
    const view = feedView('all', [], settings);
    expect(renderAtom(view)).toContain('<icon>https://feeds.example.com/pages/assets/feed-icon-64.png</icon><logo>https://feeds.example.com/pages/assets/feed-logo.png</logo>');
    expect(renderRss(view)).toContain('<image><url>https://feeds.example.com/pages/assets/feed-logo.png</url><title>Syndicate: all articles</title><link>https://feeds.example.com/pages/index.html</link><width>144</width><height>72</height></image>');
    const own = { iconUrl: 'https://cdn.example.org/i.png', faviconUrl: 'https://cdn.example.org/f.png', logoUrl: 'https://cdn.example.org/l.png' };
    expect(JSON.parse(renderJsonFeed(feedView('all', [], { ...settings, brand: own })))).toMatchObject({ icon: own.iconUrl, favicon: own.faviconUrl });
  });
});
