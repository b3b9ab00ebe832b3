import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleRefused } from '#core/article/errors.ts';
import type { ParsedArticle } from '#core/article/schema.ts';
import { asParsed, normalise } from '#core/normalise/normalise.ts';
import { parseArticle } from '#core/parse/index.ts';
import { readReferenceArticle } from '../../support/shared.ts';

const parsed = (overrides: Partial<ParsedArticle>): ParsedArticle => ({
  format: 'json',
  headline: 'Coalition forces reach the river',
  paragraphs: ['The forces arrived at the river crossing on Tuesday morning.'],
  ...overrides,
});

describe('normalise: the reference article', () => {
  const article = normalise(parseArticle(readReferenceArticle()));

  it('finds the publisher and keeps the headline typography exactly', () => {
    expect(article.publisherName).toBe('OpsLens');
    expect(article.headline).toBe('‘ISIS is Losing in Every Way’ – US Backed Forces Take Raqqa');
  });

  it('detects the quoted standfirst and keeps it out of the body', () => {
    expect(article.standfirst).toMatch(/^“As ISIS continues to lose ground to coalition forces.*insurgency\.”$/);
    expect(article.paragraphs[0]).toMatch(/^American-led forces/);
  });

  it('drops the paragraph that repeats at the start of a later one, with a note', () => {
    const repeated = article.paragraphs.filter((p) => p.startsWith('To date, the coalition has removed ISIS'));
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatch(/This significant progress/);
    expect(article.notes).toEqual([expect.objectContaining({ code: 'repeated_paragraph_dropped' })]);
    expect(article.paragraphs).toHaveLength(11);
  });

  it('derives word count, reading time, slug, language, summary and HTML', () => {
    expect(article.wordCount).toBeGreaterThan(500);
    expect(article.wordCount).toBeLessThan(600);
    expect(article.readingTimeMinutes).toBe(3);
    expect(article.slug).toBe('isis-is-losing-in-every-way-us-backed-forces-take-raqqa');
    expect(article.language).toBe('en');
    // The quote marks that make a paragraph the standfirst in the text format are not part of its summary.
    expect(`“${article.summary}”`).toBe(article.standfirst);
    expect(article.bodyHtml.split('\n')).toHaveLength(11);
    expect(article.bodyHtml).toMatch(/^<p>American-led forces/);
  });
});

describe('normalise', () => {
  it('cleans every text field', () => {
    const result = normalise(parsed({ headline: '  Two\u00A0 spaces\u0007 ', standfirst: ' “Lead”\r\n', byline: '\tJane  Doe ', paragraphs: ['  a\r\nb  c   d e f g '] }));
    expect(result.headline).toBe('Two spaces');
    expect(result.standfirst).toBe('“Lead”');
    expect(result.byline).toBe('Jane Doe');
    expect(result.paragraphs).toEqual(['a b c d e f g']);
  });

  it('drops paragraphs that are empty after cleaning', () => {
    expect(normalise(parsed({ paragraphs: ['  ', 'Real text here.', '\u0000'] })).paragraphs).toEqual(['Real text here.']);
  });

  it('takes a leading "By …" paragraph as the byline when there is none', () => {
    const result = normalise(parsed({ paragraphs: ['By Jane Doe and John Roe', 'Body text.'] }));
    expect(result.byline).toBe('Jane Doe and John Roe');
    expect(result.paragraphs).toEqual(['Body text.']);
  });

  it('escapes text into HTML paragraphs when the source had no HTML, and keeps source HTML when it had', () => {
    expect(normalise(parsed({ paragraphs: ['1 < 2 & 3'] })).bodyHtml).toBe('<p>1 &lt; 2 &amp; 3</p>');
    const html = normalise(parsed({ paragraphs: ['Bold move'], paragraphsHtml: ['<p><strong>Bold</strong> move</p>'] }));
    expect(html.bodyHtml).toBe('<p><strong>Bold</strong> move</p>');
  });

  it('drops a repeated paragraph from text and HTML together', () => {
    const text = ['Troops entered the city at dawn today.', 'Troops entered the city at dawn today. Resistance was light.'];
    const result = normalise(parsed({ paragraphs: text, paragraphsHtml: text.map((t) => `<p>${t}</p>`) }));
    expect(result.paragraphs).toEqual([text[1]]);
    expect(result.bodyHtml).toBe(`<p>${text[1]}</p>`);
  });

  it('keeps parser notes ahead of its own', () => {
    const note = { code: 'unknown_field_ignored', message: 'field x was ignored' };
    expect(normalise(parsed({ notes: [note] })).notes).toEqual([note]);
  });

  it('refuses an article whose headline or body is empty after cleaning', () => {
    expect(() => normalise(parsed({ headline: ' \u0000 ' }))).toThrow(expect.objectContaining({ code: 'no_headline' }));
    expect(() => normalise(parsed({ paragraphs: ['   ', '\uFEFF'] }))).toThrow(ArticleRefused);
    expect(() => normalise(parsed({ paragraphs: [' '] }))).toThrow(/no body paragraphs found/);
  });
});

describe('normalise is idempotent', () => {
  const messy = fc.string({ unit: fc.constantFrom('a', 'B', 'é', 'e\u0301', ' ', '\t', '\n', '\r\n', '\u00A0', '“', '”', '‘', '’', '"', '–', '—', '-', '\uFEFF', '\u0000', '\uD800', '.', 'x', 'ISIS', ' by ', '😀'), maxLength: 60 });
  const article = fc.record({
    headline: messy.filter((s) => s.replace(/[^\p{L}]/gu, '').length > 0),
    standfirst: fc.option(messy, { nil: undefined }),
    byline: fc.option(messy, { nil: undefined }),
    paragraphs: fc.array(messy, { minLength: 1, maxLength: 6 }),
    language: fc.option(fc.constantFrom('en', 'fr-fr', 'bogus tag'), { nil: undefined }),
  });

  it('normalising a normalised article changes nothing and adds no notes', () => {
    fc.assert(
      fc.property(article, (input) => {
        let once;
        try {
          once = normalise({ format: 'json', ...input });
        } catch (error) {
          if (error instanceof ArticleRefused) return; // nothing left to normalise
          throw error;
        }
        const twice = normalise(asParsed(once));
        expect(twice).toEqual({ ...once, notes: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('the reference article normalises to a fixed point', () => {
    const once = normalise(parseArticle(readReferenceArticle()));
    expect(normalise(asParsed(once))).toEqual({ ...once, notes: [] });
  });
});
