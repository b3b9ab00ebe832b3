import { describe, expect, it } from 'vitest';
import { detectJsonFormat, parseJson, parseJsonText } from '#core/parse/json.ts';

const ours = { publisher: 'The Sentry Review', headline: 'Bridge reopens', body: 'First paragraph.\n\nSecond paragraph.' };

describe('parseJson: our article schema', () => {
  it('reads headline, body string split at blank lines, and metadata', () => {
    const parsed = parseJson(JSON.stringify({ ...ours, standfirst: 'Lead.', byline: 'A. Writer', language: 'en', sourceId: 's-1', canonicalUrl: 'https://x.example/a', publishedAt: '2017-07-10T16:00:00+02:00', embargoUntil: '2030-01-01T00:00:00Z' }));
    expect(parsed).toEqual({
      format: 'json', publisherName: 'The Sentry Review', headline: 'Bridge reopens', standfirst: 'Lead.', byline: 'A. Writer',
      paragraphs: ['First paragraph.', 'Second paragraph.'], language: 'en', sourceId: 's-1', canonicalUrl: 'https://x.example/a',
      publishedAt: '2017-07-10T14:00:00.000Z', embargoUntil: '2030-01-01T00:00:00.000Z',
    });
  });

  it('reads a body given as a list of paragraphs', () => {
    expect(parseJson(JSON.stringify({ headline: 'H', body: ['One.', ' ', 'Two.'] })).paragraphs).toEqual(['One.', 'Two.']);
  });

  it('uses bodyHtml (sanitised) when it has the same paragraphs as body, and says so when it does not', () => {
    const matching = parseJson(JSON.stringify({ headline: 'H', body: ['One.', 'Two.'], bodyHtml: '<p><em>One.</em></p><p onclick="x()">Two.</p>' }));
    expect(matching.paragraphsHtml).toEqual(['<p><em>One.</em></p>', '<p>Two.</p>']);
    const mismatched = parseJson(JSON.stringify({ headline: 'H', body: ['One.', 'Two.'], bodyHtml: '<p>Only one</p>' }));
    expect(mismatched.paragraphsHtml).toBeUndefined();
    expect(mismatched.notes).toEqual([expect.objectContaining({ code: 'body_html_ignored' })]);
  });

  it('reports unknown fields as notes rather than dropping them silently', () => {
    expect(parseJson(JSON.stringify({ ...ours, headLine: 'typo' })).notes).toEqual([
      { code: 'unknown_field_ignored', message: 'field headLine is not part of the article schema and was ignored' },
    ]);
  });

  it('refuses schema violations naming every bad field', () => {
    const refusal = (data: unknown) => {
      try {
        parseJson(JSON.stringify(data));
      } catch (error) {
        return error;
      }
      throw new Error('not refused');
    };
    expect(refusal({ body: 'x' })).toMatchObject({ code: 'invalid_article', status: 422, message: 'invalid article: field headline is required' });
    expect(refusal({ headline: 'H', body: [] })).toMatchObject({ message: 'invalid article: field body must not be empty' });
    expect(refusal({ headline: 3, body: 'x', canonicalUrl: 'not a url', publishedAt: 'yesterday' })).toMatchObject({
      message: 'invalid article: field headline must be a string; field canonicalUrl must be a valid url; field publishedAt must be a valid ISO 8601 date-time with offset',
    });
    expect(refusal({ headline: 'H', body: 7 })).toMatchObject({ message: 'invalid article: field body has the wrong type' });
    expect(refusal({ headline: 'H', body: 'x', language: 'English' })).toMatchObject({ message: expect.stringContaining('field language') });
  });

  it('refuses JSON that is not an object', () => {
    expect(() => parseJson('[1]')).toThrow(expect.objectContaining({ code: 'invalid_article', message: 'invalid article: the JSON body must be an object, not an array' }));
    expect(() => parseJson('"text"')).toThrow(/not a string/);
  });
});

describe('invalid JSON', () => {
  it('is refused with the position, line and column of the error', () => {
    expect(() => parseJsonText('{\n  "headline": "x",\n}')).toThrow(
      expect.objectContaining({ code: 'invalid_json', status: 400, message: expect.stringMatching(/^invalid JSON at position 21 \(line 3, column 1\): /) }),
    );
  });

  it('reports a truncated document at its end', () => {
    expect(() => parseJsonText('{"headline": "x"')).toThrow(/^invalid JSON at position 16/);
  });
});

describe('detectJsonFormat', () => {
  it('follows a ninjs `standard` declaration', () => {
    expect(detectJsonFormat({ standard: { name: 'ninjs', version: '3.0' } })).toBe('ninjs3');
    expect(detectJsonFormat({ standard: { name: 'ninjs', version: '2.1' } })).toBe('ninjs2');
  });

  it('tells ninjs 3.x from 2.x by camelCase names, and ours by the absence of ninjs names', () => {
    expect(detectJsonFormat({ uri: 'u', versionCreated: 'x' })).toBe('ninjs3');
    expect(detectJsonFormat({ uri: 'u', bodies: [{ contentType: 'text/plain', value: 'x' }] })).toBe('ninjs3');
    expect(detectJsonFormat({ uri: 'u', bodies: [{ contenttype: 'text/plain', value: 'x' }] })).toBe('ninjs2');
    expect(detectJsonFormat({ uri: 'u', body_html: '<p>x</p>' })).toBe('ninjs2');
    expect(detectJsonFormat(ours)).toBe('json');
  });
});
