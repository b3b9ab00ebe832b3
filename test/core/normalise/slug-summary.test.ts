import { describe, expect, it } from 'vitest';
import { slugify } from '#core/normalise/slug.ts';
import { countWords, cutAtWord, readingTimeMinutes, summarise } from '#core/normalise/summary.ts';
import { escapeHtml, paragraphsToHtml } from '#core/normalise/html.ts';

describe('slugify', () => {
  it('lower-cases, drops quotes and diacritics, hyphenates words', () => {
    expect(slugify('‘Forces’ – Retake Ar-Raqqâh’s Centre')).toBe('forces-retake-ar-raqqahs-centre');
  });

  it('stops at a word boundary within 80 characters', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('word')).toBe(true);
  });

  it('keeps letters of other scripts and falls back when nothing is left', () => {
    expect(slugify('الرقة اليوم')).toBe('الرقة-اليوم');
    expect(slugify('!!!')).toBe('article');
  });
});

describe('summaries and figures', () => {
  it('cuts at a word boundary with an ellipsis, and leaves short text alone', () => {
    expect(cutAtWord('one two three four', 12)).toBe('one two…');
    expect(cutAtWord('short', 12)).toBe('short');
  });

  it('summarises with the standfirst, else the first paragraph', () => {
    expect(summarise('Standfirst.', ['First.'])).toBe('Standfirst.');
    expect(summarise(undefined, ['First.', 'Second.'])).toBe('First.');
  });

  it('counts words, keeping numbers and hyphenated or apostrophised words whole', () => {
    expect(countWords(['American-led forces took 6,500 fighters’ positions.'])).toBe(6);
    expect(countWords(['– 2006–08\tal-Qaeda\u00A0(AQI) ...', ''])).toBe(3);
    expect(readingTimeMinutes(0)).toBe(1);
    expect(readingTimeMinutes(231)).toBe(2);
  });

  it('builds escaped paragraphs', () => {
    expect(escapeHtml(`<b>&"'`)).toBe('&lt;b&gt;&amp;&quot;&#39;');
    expect(paragraphsToHtml(['a < b', 'c'])).toBe('<p>a &lt; b</p>\n<p>c</p>');
  });
});
