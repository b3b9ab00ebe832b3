import { describe, expect, it } from 'vitest';
import { publisherLineTest } from '#core/parse/publisher-line.ts';
import { parseText } from '#core/parse/text.ts';

/** The caller's own publisher, as a publisher key's request would have it. */
const asGazette = { isPublisherLine: publisherLineTest({ own: { id: 'gazette', name: 'Gazette' } }) };
import { readReferenceArticle } from '../../support/shared.ts';

describe('parseText: the reference text format', () => {
  it('reads publisher, headline, quoted standfirst and body paragraphs from the reference article', () => {
    const parsed = parseText(readReferenceArticle());
    expect(parsed.format).toBe('text');
    expect(parsed.publisherName).toBe('OpsLens');
    expect(parsed.headline).toBe('‘ISIS is Losing in Every Way’ – US Backed Forces Take Raqqa');
    expect(parsed.standfirst?.startsWith('“As ISIS continues')).toBe(true);
    expect(parsed.paragraphs).toHaveLength(12);
  });

  it('treats whitespace-only lines as blank and joins the lines of one block', () => {
    const parsed = parseText('Gazette\n \t\nTroops return\n\nFirst line\nof one paragraph.\n\n\n\nSecond.', asGazette);
    expect(parsed.publisherName).toBe('Gazette');
    expect(parsed.paragraphs).toEqual(['First line of one paragraph.', 'Second.']);
  });

  it('reads CRLF files', () => {
    expect(parseText('Gazette\r\n\r\nHeadline\r\n\r\nBody one.\r\n\r\nBody two.', asGazette).paragraphs).toEqual(['Body one.', 'Body two.']);
  });

  it('reads "headline, blank line, body" without a publisher line', () => {
    const parsed = parseText('Troops return home\n\nThe battalion landed on Friday. Families waited at the gate.');
    expect(parsed.publisherName).toBeUndefined();
    expect(parsed.headline).toBe('Troops return home');
  });

  it('does not take a lone quoted paragraph as the standfirst: the body would be empty', () => {
    const parsed = parseText('Gazette\n\nHeadline\n\n“Only a quotation.”', asGazette);
    expect(parsed.standfirst).toBeUndefined();
    expect(parsed.paragraphs).toEqual(['“Only a quotation.”']);
  });

  it('refuses a text whose headline block is a paragraph', () => {
    expect(() => parseText(`Gazette\n\n${'A very long opening sentence. '.repeat(20)}\n\nBody.`, asGazette)).toThrow(
      expect.objectContaining({ code: 'no_headline', status: 422, message: expect.stringMatching(/^no headline found/) }),
    );
  });

  it('refuses a headline with no body', () => {
    expect(() => parseText('Troops return home')).toThrow(expect.objectContaining({ code: 'no_body', message: 'no body paragraphs found after the headline' }));
  });
});

describe('parseText: telling the shapes apart', () => {
  const shapes = [
    { name: 'publisher line + headline + body', text: 'OpsLens\n\nBridge reopens\n\nThe first convoys crossed.', publisherName: 'OpsLens', headline: 'Bridge reopens', paragraphs: ['The first convoys crossed.'] },
    { name: 'headline + body (two paragraphs)', text: 'Bridge reopens\n\nThe first convoys crossed.\n\nAid followed.', publisherName: undefined, headline: 'Bridge reopens', paragraphs: ['The first convoys crossed.', 'Aid followed.'] },
    { name: 'a short headline is never a publisher', text: 'Troops return\n\nFamilies waited\n\nAt the gate.', publisherName: undefined, headline: 'Troops return', paragraphs: ['Families waited', 'At the gate.'] },
    { name: 'publisher known by alias, any case', text: 'the opslens\n\nBridge reopens\n\nBody.', publisherName: 'the opslens', headline: 'Bridge reopens', paragraphs: ['Body.'] },
  ];
  it.each(shapes)('$name', ({ text, publisherName, headline, paragraphs }) => {
    const parsed = parseText(text);
    expect(parsed.publisherName).toBe(publisherName);
    expect(parsed.headline).toBe(headline);
    expect(parsed.paragraphs).toEqual(paragraphs);
  });

  it('a publisher line with a headline only says there is no body, not no publisher', () => {
    expect(() => parseText('OpsLens\n\nJust a headline')).toThrow(expect.objectContaining({ code: 'no_body' }));
  });

  it('counts the caller\'s own publisher and the names it knows (registered ones), nothing else', () => {
    const known = publisherLineTest({ known: new Set(['Harbour News']) });
    expect(parseText('Harbour News\n\nDredging ends\n\nBody.', { isPublisherLine: known }).publisherName).toBe('Harbour News');
    expect(parseText('Harbour Times\n\nDredging ends\n\nBody.', { isPublisherLine: known }).headline).toBe('Harbour Times');
  });
});
