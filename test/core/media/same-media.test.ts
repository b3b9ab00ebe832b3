import { describe, expect, it } from 'vitest';
import type { Media } from '#core/article/schema.ts';
import { sameMedia } from '#core/media/same-media.ts';

const lead: Media = { url: 'https://cdn.example.org/a.jpg', mediaType: 'image/jpeg', width: 1600, height: 900, caption: 'A', credit: 'Jo', role: 'lead', renditions: [{ url: 'https://cdn.example.org/a-320.jpg', width: 320 }] };

describe('sameMedia', () => {
  it('holds for the same images whatever the order of their keys (a stored article read back from the table)', () => {
    const reordered = JSON.parse(JSON.stringify({ role: 'lead', renditions: [{ width: 320, url: 'https://cdn.example.org/a-320.jpg' }], credit: 'Jo', caption: 'A', height: 900, width: 1600, mediaType: 'image/jpeg', url: 'https://cdn.example.org/a.jpg' })) as Media;
    expect(sameMedia([lead], [reordered])).toBe(true);
    expect(sameMedia(undefined, [])).toBe(true);
  });

  it('tells a new picture, caption, credit, alt, size, rendition, role, order or removal apart', () => {
    for (const changed of [{ url: 'https://cdn.example.org/b.jpg' }, { caption: 'B' }, { credit: 'Al' }, { alt: 'x' }, { width: 1200 }, { renditions: [] }, { role: 'inline' as const }]) {
      expect(sameMedia([lead], [{ ...lead, ...changed }]), JSON.stringify(changed)).toBe(false);
    }
    const inline: Media = { url: 'https://cdn.example.org/c.png', role: 'inline' };
    expect(sameMedia([lead, inline], [inline, lead])).toBe(false);
    expect(sameMedia([lead], [])).toBe(false);
  });
});
