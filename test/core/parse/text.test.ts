import { describe, expect, it } from 'vitest';
import { parseText } from '#core/parse/text.ts';
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
    const parsed = parseText('Gazette\n \t\nTroops return\n\nFirst line\nof one paragraph.\n\n\n\nSecond.');
    expect(parsed.publisherName).toBe('Gazette');
    expect(parsed.paragraphs).toEqual(['First line of one paragraph.', 'Second.']);
  });

  it('reads CRLF files', () => {
    expect(parseText('Gazette\r\n\r\nHeadline\r\n\r\nBody one.\r\n\r\nBody two.').paragraphs).toEqual(['Body one.', 'Body two.']);
  });

  it('reads "headline, blank line, body" without a publisher line', () => {
    const parsed = parseText('Troops return home\n\nThe battalion landed on Friday. Families waited at the gate.');
    expect(parsed.publisherName).toBeUndefined();
    expect(parsed.headline).toBe('Troops return home');
  });

  it('does not take a lone quoted paragraph as the standfirst: the body would be empty', () => {
    const parsed = parseText('Gazette\n\nHeadline\n\n“Only a quotation.”');
    expect(parsed.standfirst).toBeUndefined();
    expect(parsed.paragraphs).toEqual(['“Only a quotation.”']);
  });

  it('refuses a text whose headline block is a paragraph', () => {
    expect(() => parseText(`Gazette\n\n${'A very long opening sentence. '.repeat(20)}\n\nBody.`)).toThrow(
      expect.objectContaining({ code: 'no_headline', status: 422, message: expect.stringMatching(/^no headline found/) }),
    );
  });

  it('refuses a headline with no body', () => {
    expect(() => parseText('Troops return home')).toThrow(expect.objectContaining({ code: 'no_body', message: 'no body paragraphs found after the headline' }));
  });
});
