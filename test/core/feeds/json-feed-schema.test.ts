/**
 * Every JSON Feed we render, against the JSON Feed 1.1 schema (Ajv, draft
 * 2020-12, formats checked): with and without images, empty, hostile, an
 * archive, with and without a hub. The schema is strict (no member the spec
 * does not define unless it is an `_extension`), so it also catches a typo.
 */
import { describe, expect, it } from 'vitest';
import { archivePageView, withPrevArchive } from '../../../functions/core/feeds/archive-pages.ts';
import { renderJsonFeed } from '../../../functions/core/feeds/json-feed.ts';
import { feedView } from '../../../functions/core/feeds/view.ts';
import { devSetArticles, hostileArticle, illustratedArticle, makeArticle, referenceArticle, settings, tagsFor } from './fixtures.ts';
import { jsonFeedSchemaErrors } from './parse-back.ts';

const articles = [referenceArticle(), ...devSetArticles(), illustratedArticle(), hostileArticle(), makeArticle({ id: 'plain-1', tags: tagsFor(['opslens', 'syria']) })];
const withdrawnOnly = makeArticle({ id: 'gone-1', status: 'withdrawn', withdrawnAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-01T00:00:00.000Z', tags: tagsFor(['opslens', 'deir-ez-zor']) });

describe('JSON Feed 1.1 schema', () => {
  it('accepts every kind of feed we publish', () => {
    const documents = [
      renderJsonFeed(withPrevArchive(feedView('all', articles, settings), settings, { number: 3, to: '2024-01-01T00:00:00.000Z#x' })),
      renderJsonFeed(feedView('tag/syria', articles, { ...settings, hubUrl: undefined })),
      renderJsonFeed(feedView('publisher/opslens', articles, settings)),
      renderJsonFeed(feedView('tag/deir-ez-zor', [], settings, [withdrawnOnly])),
      renderJsonFeed(feedView('tag/none', [], settings)),
      renderJsonFeed(archivePageView('all', { number: 2, to: '9999' }, { number: 1, to: '0000' }, articles, settings)),
      renderJsonFeed(archivePageView('all', { number: 1, to: '9999' }, undefined, [], settings, [withdrawnOnly])),
    ];
    expect(jsonFeedSchemaErrors(documents)).toBe('');
  });

  it('is a real check: it refuses what the spec does not allow', () => {
    const good = JSON.parse(renderJsonFeed(feedView('tag/syria', [illustratedArticle()], settings))) as Record<string, unknown> & { items: Record<string, unknown>[] };
    const broken = (change: (feed: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
    expect(jsonFeedSchemaErrors([broken((f) => (f.version = 'https://jsonfeed.org/version/1'))])).toMatch(/version/);
    expect(jsonFeedSchemaErrors([broken((f) => delete f.items[0]!.content_html)])).toMatch(/content_html/);
    expect(jsonFeedSchemaErrors([broken((f) => (f.items[0]!.date_published = '1 March 2024'))])).toMatch(/date-time/);
    expect(jsonFeedSchemaErrors([broken((f) => (f.items[0]!.image = '/relative.jpg'))])).toMatch(/image/);
    expect(jsonFeedSchemaErrors([broken((f) => (f.author = { name: 'Syndicate' }))])).toMatch(/additional/);
    expect(jsonFeedSchemaErrors([broken((f) => ((f.items[0]!.attachments as object[])[0] = { url: 'https://cdn.example.org/x.jpg' }))])).toMatch(/mime_type/);
  });
});
