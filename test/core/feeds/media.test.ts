/**
 * Images in every feed format: Media RSS and one enclosure in RSS, enclosure
 * links in Atom, image/banner_image/attachments in JSON Feed; the documents
 * stay valid (RFC 4287 schema, strict XML) and readable by real parsers.
 */
import { describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { renderAtom } from '../../../functions/core/feeds/atom.ts';
import { renderJsonFeed } from '../../../functions/core/feeds/json-feed.ts';
import { renderRss } from '../../../functions/core/feeds/rss.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { illustratedArticle, makeArticle, settings, tagsFor } from './fixtures.ts';
import { atomSchemaErrors, jingAvailable, jingMissingMessage, strictXmlErrors, wellFormed } from './parse-back.ts';

const pictured = illustratedArticle();
const plain = makeArticle({ id: 'plain-1', tags: tagsFor(['opslens', 'syria']) });
const view = feedView('tag/syria', [pictured, plain], settings);
const rss = renderRss(view);
const atom = renderAtom(view);
const json = renderJsonFeed(view);

describe('images in feeds', () => {
  it('keeps every format valid with images and without (RFC 4287 schema, strict XML 1.0)', (context) => {
    expect(wellFormed(rss)).toBe(true);
    expect(wellFormed(atom)).toBe(true);
    if (!jingAvailable) return context.skip(jingMissingMessage);
    expect(atomSchemaErrors([atom])).toBe('');
    expect(strictXmlErrors([rss])).toBe('');
  });

  it('RSS: one enclosure for the lead (its length is known), a thumbnail, and Media RSS content with caption and credit', async () => {
    const item = parseRssFeed(rss).items?.find((i) => i.link?.endsWith('pic-1.html'));
    expect(item?.enclosures).toEqual([{ url: 'https://cdn.example.org/bridge.jpg', length: 240000, type: 'image/jpeg' }]);
    expect(rss).toContain('<media:thumbnail url="https://cdn.example.org/bridge-320.jpg" width="320" height="180"/>');
    expect(rss).toContain(
      '<media:content url="https://cdn.example.org/bridge.jpg" type="image/jpeg" medium="image" width="1600" height="900" fileSize="240000">' +
        '<media:description type="plain">Lorries cross at dawn &amp; dusk</media:description><media:credit>Jo Lens / Wire</media:credit></media:content>',
    );
    expect(rss).toContain('<media:content url="https://cdn.example.org/untyped" medium="image"/>');
    const read = await new Parser({ customFields: { item: [['media:content', 'media', { keepArray: true }]] } }).parseString(rss);
    const withMedia = read.items.find((i) => i.link?.endsWith('pic-1.html')) as { enclosure?: { url: string }; media?: { $: { url: string } }[] };
    expect(withMedia.enclosure?.url).toBe('https://cdn.example.org/bridge.jpg');
    expect(withMedia.media?.map((m) => m.$.url)).toEqual(['https://cdn.example.org/bridge.jpg', 'https://cdn.example.org/chart.png', 'https://cdn.example.org/untyped']);
  });

  it('RSS: no enclosure when no image has a known length, and nothing for an item without images', () => {
    const unsized = { ...pictured, media: pictured.media!.map(({ bytes: _bytes, ...m }) => m) };
    const other = renderRss(feedView('all', [unsized], settings));
    expect(other).not.toContain('<enclosure');
    expect(other).toContain('<media:content');
    const item = parseRssFeed(rss).items?.find((i) => i.link?.endsWith('plain-1.html'));
    expect(item?.enclosures).toBeUndefined();
  });

  it('Atom: an enclosure link per image of known type, length when known', () => {
    const entry = parseAtomFeed(atom).entries?.find((e) => e.id?.endsWith('pic-1'));
    expect(entry?.links?.filter((l) => l.rel === 'enclosure')).toEqual([
      { href: 'https://cdn.example.org/bridge.jpg', rel: 'enclosure', type: 'image/jpeg', length: 240000 },
      { href: 'https://cdn.example.org/chart.png', rel: 'enclosure', type: 'image/png' },
    ]);
  });

  it('JSON Feed: image and banner_image from the lead, attachments for every image of known type', () => {
    const item = parseJsonFeed(JSON.parse(json)).items?.find((i) => i.id?.endsWith('pic-1'));
    expect(item).toMatchObject({
      image: 'https://cdn.example.org/bridge.jpg',
      banner_image: 'https://cdn.example.org/bridge.jpg',
      attachments: [
        { url: 'https://cdn.example.org/bridge.jpg', mime_type: 'image/jpeg', title: 'Lorries cross at dawn & dusk', size_in_bytes: 240000 },
        { url: 'https://cdn.example.org/chart.png', mime_type: 'image/png', title: 'Crossings per day' },
      ],
    });
    const plainItem = (JSON.parse(json) as { items: Record<string, unknown>[] }).items.find((i) => String(i.id).endsWith('plain-1'));
    expect(plainItem).not.toHaveProperty('image');
    expect(plainItem).not.toHaveProperty('attachments');
  });
});
