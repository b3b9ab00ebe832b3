import { describe, expect, it } from 'vitest';
import type { Media, NormalisationNote } from '#core/article/schema.ts';
import { acceptImage, leadImage, settleMedia, type ImageCandidate } from '#core/media/accept.ts';

const judge = (candidate: Partial<ImageCandidate>, base?: string) => {
  const notes: NormalisationNote[] = [];
  const media = acceptImage({ where: 'og:image', role: 'lead', ...candidate }, base, notes);
  return { media, notes: notes.map((n) => `${n.code}: ${n.message}`) };
};

describe('the media policy', () => {
  it('keeps an https image, guessing its media type from the extension and reading sizes given as text', () => {
    expect(judge({ url: 'https://cdn.example.org/a/photo.JPG?v=2', width: '1200', height: '675px', alt: ' A bridge ', caption: 'Dawn' }).media).toEqual({
      url: 'https://cdn.example.org/a/photo.JPG?v=2', mediaType: 'image/jpeg', width: 1200, height: 675, caption: 'Dawn', alt: 'A bridge', role: 'lead',
    });
  });

  it('resolves a relative URL against the page it came from, and refuses it when there is none', () => {
    expect(judge({ url: '../img/a.png' }, 'https://news.example.org/2024/story').media?.url).toBe('https://news.example.org/img/a.png');
    expect(judge({ url: '/img/a.png' }).notes).toEqual(['image_ignored: og:image has a relative URL ("/img/a.png") and no page to resolve it against; it was left out']);
  });

  it.each([
    ['http://news.example.org/a.jpg', /is not https/],
    ['data:image/png;base64,iVBORw0KGgo=', /inline data: URL/],
    ['ftp://news.example.org/a.jpg', /is not https/],
    ['https://user:pw@news.example.org/a.jpg', /credentials/],
    [`https://news.example.org/${'a'.repeat(2100)}.jpg`, /longer than 2048/],
    ['', /has no URL/],
  ])('refuses %s with a note, never silently', (url, reason) => {
    const { media, notes } = judge({ url });
    expect(media).toBeUndefined();
    expect(notes).toEqual([expect.stringMatching(reason)]);
  });

  it('refuses tracking pixels and an https page refusing its http rendition keeps the image', () => {
    expect(judge({ url: 'https://t.example/p.gif', width: 1, height: 1 }).notes).toEqual([expect.stringMatching(/tracking-pixel sized/)]);
    const { media, notes } = judge({ url: 'https://cdn.example.org/a.jpg', renditions: [{ url: 'http://cdn.example.org/a-small.jpg', name: 'thumb' }, { url: 'https://cdn.example.org/a-small.jpg', name: 'small', width: 320 }] });
    expect(media?.renditions).toEqual([{ url: 'https://cdn.example.org/a-small.jpg', name: 'small', mediaType: 'image/jpeg', width: 320 }]);
    expect(notes).toEqual([expect.stringMatching(/^image_ignored: og:image rendition "thumb" is not https/)]);
  });

  it('merges the same image found twice, keeps one lead first, and is idempotent', () => {
    const lead: Media = { url: 'https://x.example/a.jpg', width: 1200, role: 'lead' };
    const inline: Media = { url: 'https://x.example/a.jpg', alt: 'A', caption: 'C', role: 'inline' };
    const other: Media = { url: 'https://x.example/b.jpg', role: 'lead' };
    const settled = settleMedia([other, inline, lead], []);
    expect(settled).toEqual([{ url: 'https://x.example/b.jpg', role: 'lead' }, { url: 'https://x.example/a.jpg', width: 1200, caption: 'C', alt: 'A', role: 'inline' }]);
    expect(settleMedia(settled, [])).toEqual(settled);
    expect(leadImage({ media: settled })?.url).toBe('https://x.example/b.jpg');
    expect(leadImage({})).toBeUndefined();
  });
});
