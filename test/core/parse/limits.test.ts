/**
 * The limits table, held the same way for every input format, and the other
 * things the parsers refuse or drop: dates before 1900 or far ahead, ninjs
 * items that are not usable text, URLs that are not http(s), headlines that
 * show nothing.
 */
import { describe, expect, it } from 'vitest';
import { ArticleRefused } from '#core/article/errors.ts';
import { codePoints, fieldLimits, MAX_NOTES } from '#core/article/limits.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const tagger = createTagger();
const now = '2026-05-01T10:00:00.000Z';
const process = (body: string, contentType?: string) => processArticle(body, { tagger, now, contentType });
const json = (fields: Record<string, unknown>) => JSON.stringify({ publisher: 'Wire', headline: 'H', body: 'Body text.', ...fields });

function refusal(body: string, contentType?: string): { code: string; message: string } {
  try {
    process(body, contentType);
  } catch (error) {
    if (error instanceof ArticleRefused) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

const long = (n: number, ch = 'a') => ch.repeat(n);

describe('field limits', () => {
  it('refuses an over-long field in every format, naming the field and both limits', () => {
    const headline = long(fieldLimits.headline.chars + 1);
    const inputs: [string, string][] = [
      [json({ headline }), 'application/json'],
      [JSON.stringify({ uri: 'urn:x', headlines: [{ value: headline }], bodies: [{ value: 'Body.' }], infosources: [{ name: 'Wire' }] }), 'application/json'],
      [`<html><body><article><h1>${headline}</h1><p>Body.</p></article></body></html>`, 'text/html'],
    ];
    for (const [body, type] of inputs) {
      expect(refusal(body, type)).toEqual({ code: 'field_too_long', message: expect.stringMatching(/^headline is 301 characters \(301 bytes\); the limit is 300 characters and 1200 bytes/) });
    }
    expect(refusal(json({ standfirst: long(400_000) }))).toMatchObject({ code: 'field_too_long', message: expect.stringMatching(/^standfirst/) });
    expect(refusal(json({ byline: long(500_000) }))).toMatchObject({ code: 'field_too_long', message: expect.stringMatching(/^byline/) });
    expect(refusal(json({ sourceId: long(201) }))).toMatchObject({ code: 'field_too_long', message: expect.stringMatching(/^sourceId/) });
    expect(refusal(json({ body: Array.from({ length: 2001 }, (_, i) => `P${i}.`) }))).toMatchObject({ message: 'body has 2001 paragraphs; the limit is 2000' });
    expect(refusal(json({ body: ['Short.', long(20_001)] }))).toMatchObject({ message: expect.stringMatching(/^body paragraph 2: is 20001 characters/) });
  });

  it('counts characters as code points and bytes as UTF-8, after whitespace is collapsed', () => {
    expect(codePoints('🇸🇾ü')).toBe(3);
    expect(process(json({ headline: '🇸🇾'.repeat(150) })).headline).toHaveLength(600);
    expect(refusal(json({ headline: 'ü'.repeat(301) })).message).toMatch(/301 characters \(602 bytes\)/);
    expect(process(json({ headline: `A${' '.repeat(5000)}B` })).headline).toBe('A B');
  });

  it('keeps at most MAX_NOTES notes, and one note for any number of unknown fields', () => {
    const fields = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`x${i}${long(100)}`, 1]));
    const article = process(json(fields));
    expect(article.notes).toHaveLength(1);
    expect(article.notes[0]!.message).toMatch(/and 4990 more are not part of the article schema/);
    expect(article.notes[0]!.message.length).toBeLessThan(1000);
    const repeated = Array.from({ length: 200 }, (_, i) => `Sentence ${i} is here.`);
    const many = process(json({ body: [...repeated, repeated.join(' ')] }));
    expect(many.notes.length).toBeLessThanOrEqual(MAX_NOTES);
  });
});

describe('dates', () => {
  it('refuses dates before 1900 in structured input, and ignores them with a note in HTML', () => {
    expect(refusal(json({ publishedAt: '0000-01-01T00:00:00Z' }))).toMatchObject({ code: 'date_out_of_range', message: expect.stringMatching(/before 1900/) });
    expect(refusal(json({ publishedAt: '1899-12-31T23:59:59Z' })).code).toBe('date_out_of_range');
    const html = process('<html><head><meta property="og:site_name" content="Wire"><meta property="article:published_time" content="0000-01-01"></head><body><h1>H</h1><p>Body.</p></body></html>', 'text/html');
    expect(html.publishedAt).toBe(now);
    expect(html.notes).toContainEqual(expect.objectContaining({ code: 'metadata_ignored' }));
  });

  it('refuses a publication time more than a day ahead, unless it is the embargo\'s, and embargoes more than ten years ahead', () => {
    expect(refusal(json({ publishedAt: '9999-12-31T00:00:00Z' }))).toMatchObject({ code: 'date_out_of_range', message: expect.stringMatching(/^publishedAt 9999-12-31T00:00:00.000Z is in the future/) });
    expect(process(json({ publishedAt: '2026-05-02T09:00:00Z' })).publishedAt).toBe('2026-05-02T09:00:00.000Z');
    expect(process(json({ publishedAt: '2026-06-01T00:00:00Z', embargoUntil: '2026-06-01T00:00:00Z' })).status).toBe('embargoed');
    expect(refusal(json({ embargoUntil: '9999-12-31T00:00:00Z' }))).toMatchObject({ code: 'date_out_of_range', message: expect.stringMatching(/^embargoUntil/) });
  });
});

describe('ninjs items that are not usable text', () => {
  const ninjs = (fields: Record<string, unknown>) =>
    JSON.stringify({ uri: 'urn:wire:1', headlines: [{ value: 'Headline' }], bodies: [{ value: 'Body text.' }], infosources: [{ name: 'Wire' }], ...fields });

  it('holds a withheld item with a release time as an embargo, and refuses one without', () => {
    const held = process(ninjs({ pubstatus: 'withheld', embargoed: '2026-05-03T00:00:00Z' }));
    expect(held).toMatchObject({ status: 'embargoed', embargoUntil: '2026-05-03T00:00:00.000Z' });
    expect(refusal(ninjs({ pubstatus: 'withheld' }))).toMatchObject({ code: 'invalid_article', message: expect.stringMatching(/withheld .* no embargoed time/) });
    const v3 = JSON.stringify({ uri: 'urn:wire:2', headlines: [{ value: 'H' }], bodies: [{ value: 'B.' }], pubStatus: 'withheld' });
    expect(refusal(v3).message).toMatch(/no embargoed time/);
  });

  it('refuses a type other than text by name, and takes text (word or IPTC URI)', () => {
    expect(refusal(ninjs({ type: 'picture' }))).toMatchObject({ code: 'invalid_article', message: 'ninjs type "picture" is not an article: only text items (type "text") are accepted' });
    expect(process(ninjs({ type: 'text' })).headline).toBe('Headline');
    expect(process(ninjs({ type: 'http://cv.iptc.org/newscodes/ninjsitemtype/text' })).headline).toBe('Headline');
  });
});

describe('URLs and invisible text', () => {
  it('drops a canonical URL that is not absolute http(s), with a note, and keeps http(s)', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://x.example/a']) {
      const article = process(json({ canonicalUrl: url }));
      expect(article.source.canonicalUrl).toBeUndefined();
      expect(article.notes).toContainEqual(expect.objectContaining({ code: 'url_dropped' }));
    }
    expect(process(json({ canonicalUrl: 'https://wire.example/a' })).source.canonicalUrl).toBe('https://wire.example/a');
  });

  it('refuses a headline of zero-width characters only, and drops invisible paragraphs', () => {
    expect(refusal(json({ headline: '\u200B\u200C\u200D\u2060' }))).toMatchObject({ code: 'no_headline', message: expect.stringMatching(/invisible/) });
    expect(process(json({ body: ['\u200B\u200B', 'Real text.'] })).body).toEqual(['Real text.']);
  });
});
