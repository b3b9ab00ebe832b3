import { describe, expect, it } from 'vitest';
import { parseHtml } from '#core/parse/html.ts';
import { htmlToParagraphs, sanitiseHtml } from '#core/parse/html-body.ts';

const page = `<!doctype html>
<html lang="en-gb">
<head>
  <title>Bridge reopens at Tabqa | River Post</title>
  <meta property="og:site_name" content="River Post">
  <meta property="og:title" content="OG title">
  <meta name="author" content="Sam Writer">
  <meta property="article:published_time" content="2017-05-12T09:30:00+02:00">
  <link rel="canonical" href="https://riverpost.example/2017/tabqa-bridge">
  <style>p { color: red }</style>
  <script>alert('head')</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <article>
    <header>
      <h1>Bridge reopens at Tabqa</h1>
      <p class="standfirst">Engineers finish repairs after <em>three</em> months.</p>
      <p class="byline">By Ana Reporter</p>
    </header>
    <p>The bridge over the Euphrates carried its first lorries on Friday.</p>
    <p>Local officials <a href="https://example.org/statement" onclick="steal()">said</a> traffic would grow.</p>
    <figure><img src="x.jpg"><figcaption>Photo caption</figcaption></figure>
    <blockquote><p>“We waited a long time,” a driver said.</p></blockquote>
    <ul><li>First item of a list</li></ul>
    <aside>Related: other stories</aside>
  </article>
  <footer>© River Post</footer>
</body>
</html>`;

describe('parseHtml: a whole page', () => {
  const parsed = parseHtml(page);

  it('takes the headline from <h1> and the publisher from og:site_name', () => {
    expect(parsed.format).toBe('html');
    expect(parsed.headline).toBe('Bridge reopens at Tabqa');
    expect(parsed.publisherName).toBe('River Post');
  });

  it('takes standfirst and byline out of the body', () => {
    expect(parsed.standfirst).toBe('Engineers finish repairs after three months.');
    expect(parsed.byline).toBe('Ana Reporter');
  });

  it('reads canonical link, dates (as UTC) and language from the page metadata', () => {
    expect(parsed.canonicalUrl).toBe('https://riverpost.example/2017/tabqa-bridge');
    expect(parsed.publishedAt).toBe('2017-05-12T07:30:00.000Z');
    expect(parsed.language).toBe('en-gb');
  });

  it('keeps article paragraphs (blockquote and list items too) and leaves out navigation, figure captions, asides and footers', () => {
    expect(parsed.paragraphs).toEqual([
      'The bridge over the Euphrates carried its first lorries on Friday.',
      'Local officials said traffic would grow.',
      '“We waited a long time,” a driver said.',
      'First item of a list',
    ]);
  });

  it('keeps links in the HTML but drops event handlers', () => {
    expect(parsed.paragraphsHtml?.[1]).toBe('<p>Local officials <a href="https://example.org/statement">said</a> traffic would grow.</p>');
    expect(parsed.bodyHtml).not.toMatch(/onclick|script|style/i);
  });

  it('keeps the figure in the HTML with its image made absolute, before the next paragraph', () => {
    expect(parsed.paragraphsHtml?.[2]).toBe(
      '<figure><img src="https://riverpost.example/2017/x.jpg"><figcaption>Photo caption</figcaption></figure><p>“We waited a long time,” a driver said.</p>',
    );
    expect(parsed.media).toEqual([{ url: 'https://riverpost.example/2017/x.jpg', mediaType: 'image/jpeg', caption: 'Photo caption', role: 'inline' }]);
  });
});

describe('parseHtml: fallbacks', () => {
  it('uses og:title, then <title> without the site name, when there is no <h1>', () => {
    expect(parseHtml('<html><head><meta property="og:title" content="From OG"></head><body><p>Body.</p></body></html>').headline).toBe('From OG');
    expect(parseHtml('<html><head><title>Plain title – Site</title><meta property="og:site_name" content="Site"></head><body><p>Body.</p></body></html>').headline).toBe('Plain title');
  });

  it('reads JSON-LD NewsArticle metadata', () => {
    const ld = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', headline: 'LD headline', datePublished: '2017-10-17', author: [{ '@type': 'Person', name: 'A. Writer' }], publisher: { name: 'LD Wire' }, inLanguage: 'en' }] };
    const parsed = parseHtml(`<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><p>Body text.</p></body></html>`);
    expect(parsed).toMatchObject({ headline: 'LD headline', publisherName: 'LD Wire', byline: 'A. Writer', publishedAt: '2017-10-17T00:00:00.000Z', language: 'en' });
  });

  it('reads a fragment', () => {
    const parsed = parseHtml('<h1>Fragment headline</h1><p>One.</p><p>Two.</p>');
    expect(parsed).toMatchObject({ headline: 'Fragment headline', paragraphs: ['One.', 'Two.'] });
    expect(parsed.publisherName).toBeUndefined();
  });

  it('skips unusable metadata with a note instead of refusing', () => {
    const parsed = parseHtml('<html><head><link rel="canonical" href="/relative"><meta property="article:published_time" content="last Tuesday"></head><body><h1>H</h1><p>Body.</p></body></html>');
    expect(parsed.canonicalUrl).toBeUndefined();
    expect(parsed.publishedAt).toBeUndefined();
    expect(parsed.notes?.map((n) => n.code)).toEqual(['metadata_ignored', 'metadata_ignored']);
  });

  it('refuses a page with no headline and a page with no body, naming the problem', () => {
    expect(() => parseHtml('<p>Only a paragraph.</p>')).toThrow(expect.objectContaining({ code: 'no_headline', message: expect.stringMatching(/^no headline found/) }));
    expect(() => parseHtml('<h1>Only a headline</h1><script>x()</script>')).toThrow(expect.objectContaining({ code: 'no_body' }));
  });
});

describe('sanitising', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<style>body{}</style>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p onmouseover="alert(1)" style="x">y</p>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=q></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<a href="//evil.example/">protocol-relative</a>',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
  ];

  it.each(attacks)('nothing executable survives: %s', (attack) => {
    const html = [sanitiseHtml(attack), ...htmlToParagraphs(`<p>ok</p>${attack}`).paragraphsHtml].join('\n');
    expect(html).not.toMatch(/<script|<style|<svg|<iframe|<form|<object|<embed|<img|\son\w+\s*=|javascript:|vbscript:|data:|href="\/\//i);
  });

  it('keeps escaped markup as text, still escaped', () => {
    expect(htmlToParagraphs('<p>&lt;script&gt; &amp; more</p>').paragraphsHtml).toEqual(['<p>&lt;script&gt; &amp; more</p>']);
  });

  it('writes only XML-safe entities', () => {
    expect(htmlToParagraphs('<p>a&nbsp;b &copy; &lt;</p>').paragraphsHtml).toEqual(['<p>a&#160;b © &lt;</p>']);
  });

  it('splits loose text at line breaks and keeps inline markup', () => {
    expect(htmlToParagraphs('first <b>bold</b><br>second')).toEqual({ paragraphs: ['first bold', 'second'], paragraphsHtml: ['<p>first <b>bold</b></p>', '<p>second</p>'], media: [] });
  });
});

describe('links: only http(s) targets leave the system', () => {
  it('keeps the text of a mailto:, tel: or javascript: link, drops its target, and says so once', () => {
    const parsed = parseHtml('<h1>Links</h1><p>Write to <a href="mailto:desk@example.com">the desk</a>, call <a href="tel:+100">us</a>, <a href=" JavaScript:alert(1)">click</a> or read <a href="https://example.com/more">more</a>.</p>');
    expect(parsed.paragraphsHtml?.[0]).toBe('<p>Write to <a>the desk</a>, call <a>us</a>, <a>click</a> or read <a href="https://example.com/more">more</a>.</p>');
    const notes = parsed.notes?.filter((note) => note.code === 'link_dropped') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain('mailto:, tel:, javascript:');
  });

  it('leaves relative and http(s) links alone, with no note', () => {
    const notes: { code: string; message: string }[] = [];
    expect(sanitiseHtml('<p><a href="/about">a</a> <a href="http://x.example/">b</a></p>', notes)).toBe('<p><a href="/about">a</a> <a href="http://x.example/">b</a></p>');
    expect(notes).toEqual([]);
  });
});
