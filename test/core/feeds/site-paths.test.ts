import { describe, expect, it } from 'vitest';
import { articlePage, feedPage, pageKey, pageUrl } from '../../../functions/core/feeds/site-paths.ts';

describe('site paths', () => {
  it('stores every page under pages/ and serves it at the same path under the feeds base', () => {
    expect(pageKey({ kind: 'home' })).toBe('pages/index.html');
    expect(pageKey(articlePage('a1'))).toBe('pages/articles/a1.html');
    expect(pageUrl('https://feeds.example.com/', articlePage('a1'))).toBe('https://feeds.example.com/pages/articles/a1.html');
    expect(pageUrl('https://feeds.example.com', { kind: 'tag', id: 'syria' })).toBe('https://feeds.example.com/pages/tags/syria.html');
  });

  it('percent-encodes an id in the URL but not in the key', () => {
    expect(pageKey(articlePage('x 1'))).toBe('pages/articles/x 1.html');
    expect(pageUrl('https://f.example', articlePage('x 1'))).toBe('https://f.example/pages/articles/x%201.html');
  });

  it('gives each feed its page: home for everything, the tag or publisher page otherwise', () => {
    expect(feedPage('all')).toEqual({ kind: 'home' });
    expect(feedPage('tag/syria')).toEqual({ kind: 'tag', id: 'syria' });
    expect(feedPage('publisher/opslens')).toEqual({ kind: 'publisher', id: 'opslens' });
  });
});
