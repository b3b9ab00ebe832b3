import { describe, expect, it } from 'vitest';
import { contentTypeForFileName, detectKind, mediaTypeOf, sniffKind } from '#core/parse/detect.ts';

describe('detectKind', () => {
  it('follows a known content type, whatever its case and parameters', () => {
    expect(detectKind('{}', 'Text/Plain; charset=utf-8')).toBe('text');
    expect(detectKind('plain', 'text/html')).toBe('html');
    expect(detectKind('x', 'application/json')).toBe('json');
    expect(detectKind('x', 'application/ninjs+json')).toBe('json');
    expect(detectKind('x', 'application/xhtml+xml')).toBe('html');
  });

  it('looks at the content when there is no content type or a generic binary one', () => {
    expect(detectKind('  {"headline":"x"}')).toBe('json');
    expect(detectKind('<!DOCTYPE html><html></html>', 'application/octet-stream')).toBe('html');
    expect(detectKind('<p>Fragment</p>')).toBe('html');
    expect(detectKind('OpsLens\n\nHeadline\n\nBody')).toBe('text');
    expect(sniffKind('<3 is not a tag')).toBe('text');
  });

  it('refuses markup that is not HTML rather than reading it as text', () => {
    expect(() => detectKind('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>')).toThrow(
      expect.objectContaining({ code: 'unrecognised_format', status: 415, message: expect.stringMatching(/^unrecognised format: the content is <rss> markup/) }),
    );
    expect(detectKind('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')).toBe('html');
  });

  it('refuses a declared content type it cannot read, naming it', () => {
    expect(() => detectKind('a,b', 'text/csv')).toThrow(expect.objectContaining({ code: 'unsupported_content_type', status: 415, message: expect.stringMatching(/^unsupported content type text\/csv/) }));
  });

  it('maps file extensions to content types for the CLI and the inbox', () => {
    expect(contentTypeForFileName('a/b/story.TXT')).toBe('text/plain');
    expect(contentTypeForFileName('page.htm')).toBe('text/html');
    expect(contentTypeForFileName('item.ninjs.json')).toBe('application/json');
    expect(contentTypeForFileName('README')).toBeUndefined();
    expect(mediaTypeOf(' ')).toBeUndefined();
  });
});
