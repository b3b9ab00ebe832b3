/** Images from every input format: HTML pages, ninjs 2.x (and 1.x shapes), ninjs 3.x and our JSON `media` field. */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '#core/parse/index.ts';
import { normalise } from '#core/normalise/normalise.ts';

const notesOf = (parsed: { notes?: { code: string; message: string }[] }) => (parsed.notes ?? []).filter((n) => n.code === 'image_ignored').map((n) => n.message);

describe('images in HTML', () => {
  const page = `<html><head><meta property="og:site_name" content="River Post">
    <meta property="og:image" content="/img/lead.jpg"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="675">
    <meta property="og:image:alt" content="The bridge from the east bank">
    <link rel="canonical" href="https://riverpost.example/2024/bridge"></head>
    <body><article><h1>Bridge reopens</h1><p>First paragraph.</p>
    <figure class="wide"><picture>
      <source srcset="https://cdn.riverpost.example/b-800.webp 800w, https://cdn.riverpost.example/b-1600.webp 1600w" type="image/webp">
      <img src="b.jpg" alt="Lorries on the deck" width="800" height="450" class="x" style="border:0" onerror="steal()" loading="lazy">
    </picture><figcaption>Lorries cross at dawn. <span class="credit">Photo: Jo Lens</span></figcaption></figure>
    <p>Second <img src="http://insecure.example/x.png" alt="insecure"> paragraph.</p>
    <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""></p>
    <img src="https://track.example/p.gif" width="1" height="1">
    <p>Third paragraph.</p>
    <img src="data:image/gif;base64,R0lGOD=" data-src="/img/lazy.png" alt="Lazy">
    </article></body></html>`;
  const parsed = parseArticle(page, { contentType: 'text/html' });

  it('takes og:image as the lead and body figures as inline media, with caption, credit, alt, sizes and srcset renditions', () => {
    expect(parsed.media).toEqual([
      { url: 'https://riverpost.example/img/lead.jpg', mediaType: 'image/jpeg', width: 1200, height: 675, alt: 'The bridge from the east bank', role: 'lead' },
      {
        url: 'https://riverpost.example/2024/b.jpg', mediaType: 'image/jpeg', width: 800, height: 450, caption: 'Lorries cross at dawn.', credit: 'Jo Lens', alt: 'Lorries on the deck', role: 'inline',
        renditions: [
          { url: 'https://cdn.riverpost.example/b-800.webp', name: 'w800', mediaType: 'image/webp', width: 800 },
          { url: 'https://cdn.riverpost.example/b-1600.webp', name: 'w1600', mediaType: 'image/webp', width: 1600 },
        ],
      },
      { url: 'https://riverpost.example/img/lazy.png', mediaType: 'image/png', alt: 'Lazy', role: 'inline' },
    ]);
  });

  it('keeps kept images in the body HTML with only an absolute https src, alt, width and height; captions are not body text', () => {
    const normalised = normalise(parsed);
    expect(normalised.paragraphs).toEqual(['First paragraph.', 'Second paragraph.', 'Third paragraph.']);
    expect(normalised.paragraphsHtml?.[1]).toBe(
      '<figure> <img src="https://riverpost.example/2024/b.jpg" alt="Lorries on the deck" width="800" height="450"> <figcaption>Lorries cross at dawn. Photo: Jo Lens</figcaption></figure><p>Second paragraph.</p>',
    );
    expect(normalised.paragraphsHtml?.[2]).toBe('<p>Third paragraph.</p><img src="https://riverpost.example/img/lazy.png" alt="Lazy">');
    expect(parsed.bodyHtml).not.toMatch(/http:|data:|onerror|style=|class=|loading=|<source|<picture|track\.example/);
  });

  it('leaves a note for every image it refused', () => {
    expect(notesOf(parsed)).toEqual([
      'body image 2 is not https (http://…): only https:// images are kept; it was left out',
      'body image 3 is an inline data: URL (only https:// images are kept); it was left out',
      'body image 4 is tracking-pixel sized (2 px or less on a side); it was left out',
    ]);
  });

  it('falls back to twitter:image, and survives normalising again unchanged', () => {
    const twitter = parseArticle('<meta name="twitter:image" content="https://x.example/t.png"><h1>H</h1><p>Body.</p>', { contentType: 'text/html' });
    expect(twitter.media).toEqual([{ url: 'https://x.example/t.png', mediaType: 'image/png', role: 'lead' }]);
    const once = normalise(parsed);
    expect(normalise({ ...once, paragraphsHtml: once.paragraphsHtml! }).media).toEqual(once.media);
  });
});

describe('images in ninjs associations', () => {
  const body = { bodies: undefined, body_text: 'One.\n\nTwo.' };
  it('reads 2.x associations with renditions: the original as the image, the rest as renditions, caption and credit', () => {
    const item = {
      uri: 'urn:wire:1', type: 'text', headlines: [{ value: 'H', role: 'main' }], bodies: [{ value: 'One.\n\nTwo.', contenttype: 'text/plain' }],
      associations: [
        { name: 'featureimage', uri: 'urn:wire:pic:1', type: 'picture', by: 'Jo Lens', descriptions: [{ role: 'caption', value: 'Lorries cross.' }, { role: 'alt', value: 'Lorries' }],
          renditions: [
            { name: 'thumbnail', href: 'https://wire.example/p1-thumb.jpg', contenttype: 'image/jpeg', width: 200, height: 113 },
            { name: 'original', href: 'https://wire.example/p1.jpg', contenttype: 'image/jpeg', width: 2400, height: 1350, sizeinbytes: 812000 },
          ] },
        { name: 'clip', uri: 'urn:wire:vid:1', type: 'video', renditions: [{ name: 'mp4', href: 'https://wire.example/v.mp4', contenttype: 'video/mp4' }] },
        { name: 'second', uri: 'urn:wire:pic:2', type: 'picture', renditions: [{ name: 'original', href: 'http://wire.example/p2.jpg' }] },
      ],
    };
    const parsed = parseArticle(JSON.stringify(item), { contentType: 'application/json' });
    expect(parsed.format).toBe('ninjs2');
    expect(parsed.media).toEqual([{
      url: 'https://wire.example/p1.jpg', mediaType: 'image/jpeg', width: 2400, height: 1350, bytes: 812000, caption: 'Lorries cross.', credit: 'Jo Lens', alt: 'Lorries', role: 'lead',
      renditions: [{ url: 'https://wire.example/p1-thumb.jpg', name: 'thumbnail', mediaType: 'image/jpeg', width: 200, height: 113 }],
    }]);
    expect(notesOf(parsed)).toEqual([
      'association "clip" is a video: only pictures are kept; it was left out',
      'association "second" is not https (http://…): only https:// images are kept; it was left out',
    ]);
    void body;
  });

  it('reads the 1.x shape (associations and renditions keyed by name) and 3.x camelCase, the first picture as lead', () => {
    const old = parseArticle(JSON.stringify({ uri: 'urn:old', headline: 'H', body_text: 'One.', associations: { main: { type: 'picture', description_text: 'Cap', byline: 'AP', renditions: { baseImage: { href: 'https://wire.example/o.jpg', mimetype: 'image/jpeg', width: 1024, height: 768 } } } } }), { contentType: 'application/json' });
    expect(old.media).toEqual([{ url: 'https://wire.example/o.jpg', mediaType: 'image/jpeg', width: 1024, height: 768, caption: 'Cap', credit: 'AP', role: 'lead' }]);
    const v3 = parseArticle(JSON.stringify({
      uri: 'urn:v3', standard: { name: 'ninjs', version: '3.0' }, headlines: [{ value: 'H' }], bodies: [{ value: '<p>One.</p>', contentType: 'text/html' }],
      associations: [{ name: 'photo-1', type: 'picture', uri: 'urn:p', copyrightHolder: 'Wire Co', renditions: [{ name: 'web', href: 'https://wire.example/3.webp', contentType: 'image/webp', width: 1600, height: 900, sizeInBytes: 120000 }] }],
    }), { contentType: 'application/json' });
    expect(v3.media).toEqual([{ url: 'https://wire.example/3.webp', mediaType: 'image/webp', width: 1600, height: 900, bytes: 120000, credit: 'Wire Co', role: 'lead' }]);
  });

  it('refuses associations of the wrong type with a named field', () => {
    expect(() => parseArticle(JSON.stringify({ uri: 'urn:x', headline: 'H', body_text: 'One.', associations: 'pic.jpg' }), { contentType: 'application/json' })).toThrow(/field associations/);
  });
});

describe('images in our JSON', () => {
  it('reads the documented media field: the first image is the lead unless one says so; refused ones are noted', () => {
    const parsed = parseArticle(JSON.stringify({
      headline: 'H', body: 'One.', canonicalUrl: 'https://news.example.org/story',
      media: [
        { url: '/img/a.jpg', width: 1280, height: 720, caption: 'A', credit: 'Jo', alt: 'a', bytes: 52000 },
        { url: 'http://news.example.org/b.jpg' },
        { url: 'https://news.example.org/c.png', role: 'inline' },
      ],
    }), { contentType: 'application/json' });
    expect(parsed.media).toEqual([
      { url: 'https://news.example.org/img/a.jpg', mediaType: 'image/jpeg', width: 1280, height: 720, bytes: 52000, caption: 'A', credit: 'Jo', alt: 'a', role: 'lead' },
      { url: 'https://news.example.org/c.png', mediaType: 'image/png', role: 'inline' },
    ]);
    expect(notesOf(parsed)).toEqual(['media[1] is not https (http://…): only https:// images are kept; it was left out']);
  });

  it('refuses a malformed media entry, naming the field', () => {
    expect(() => parseArticle(JSON.stringify({ headline: 'H', body: 'One.', media: [{ url: 'https://x.example/a.jpg', width: 'wide' }] }), { contentType: 'application/json' })).toThrow(/field media\[0\]\.width/);
  });
});
