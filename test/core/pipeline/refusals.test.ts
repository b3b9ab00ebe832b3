/**
 * Every refusal the pipeline can give, through the one entry point the API,
 * the inbox and the CLI share: code, HTTP status and a message naming the problem.
 */
import { describe, expect, it } from 'vitest';
import { ArticleRefused, MAX_INPUT_BYTES, refusalStatus, type RefusalCode } from '#core/article/errors.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const tagger = createTagger();

const now = '2024-05-01T10:00:00.000Z';

function refusalOf(input: string | Uint8Array, contentType?: string): ArticleRefused {
  try {
    processArticle(input, { tagger, now, contentType });
  } catch (error) {
    if (error instanceof ArticleRefused) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

const cases: [RefusalCode, string | Uint8Array, string | undefined, RegExp][] = [
  ['empty_body', ' \n ', undefined, /^empty body$/],
  ['invalid_utf8', Uint8Array.from([0x48, 0x69, 0xff]), 'text/plain', /^body is not valid UTF-8/],
  ['invalid_json', '{"headline": }', 'application/json', /^invalid JSON at position 14/],
  ['no_headline', '<p>No headline anywhere.</p>', 'text/html', /^no headline found/],
  ['no_body', '{"publisher":"Wire","headline":"H","body":"\\u0000 "}', 'application/json', /^no body paragraphs found$/],
  ['unrecognised_format', '<newsItem guid="x"><contentSet/></newsItem>', undefined, /^unrecognised format/],
  ['invalid_article', '{"headline":"H"}', 'application/json', /^invalid article: field body is required$/],
  ['unsupported_content_type', 'a,b\n1,2', 'text/csv', /^unsupported content type text\/csv/],
  ['unsupported_content_type', Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0xe2, 0xe3, 0xcf, 0xd3]), 'application/pdf', /^unsupported content type application\/pdf/],
  ['unsupported_content_type', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0xff]), 'application/octet-stream', /^the body is binary data, not text/],
  ['body_too_large', 'x'.repeat(MAX_INPUT_BYTES + 1), undefined, /^body exceeds 1 MiB/],
  ['field_too_long', JSON.stringify({ publisher: 'Wire', headline: 'h'.repeat(350_000), body: 'Body.' }), 'application/json', /^headline is 350000 characters \(350000 bytes\); the limit is 300 characters and 1200 bytes of UTF-8$/],
  ['date_out_of_range', JSON.stringify({ publisher: 'Wire', headline: 'H', body: 'Body.', publishedAt: '9999-12-31T00:00:00Z' }), 'application/json', /^publishedAt 9999-12-31T00:00:00.000Z is in the future/],
  ['article_too_large', JSON.stringify({ publisher: 'Wire', headline: 'H', body: 'Body.', media: Array.from({ length: 50 }, (_, i) => ({ url: `https://img.example/${i}.jpg`, caption: '€'.repeat(1000), alt: '€'.repeat(1000) })) }), 'application/json', /^the article without its body is \d+ bytes/],
  ['no_publisher', 'Headline only\n\nA body paragraph.', 'text/plain', /^no publisher/],
];

describe('refusals', () => {
  it.each(cases)('%s', (code, input, contentType, message) => {
    const refusal = refusalOf(input, contentType);
    expect(refusal.code).toBe(code);
    expect(refusal.status).toBe(refusalStatus[code]);
    expect(refusal.message).toMatch(message);
  });

  it('covers every refusal code', () => {
    // Content-Encoding is decoded by the API before the core sees the body: test/ingest/encodings.test.ts covers those two.
    const tested = new Set<RefusalCode>([...cases.map(([code]) => code), 'unsupported_content_encoding', 'invalid_content_encoding']);
    expect(Object.keys(refusalStatus).filter((code) => !tested.has(code as RefusalCode))).toEqual([]);
  });
});
