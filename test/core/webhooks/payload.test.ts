import { describe, expect, it } from 'vitest';
import { buildPayload, MAX_PAYLOAD_BYTES, serialisePayload, truncateToBytes } from '#core/webhooks/payload.ts';
import { sampleArticle, sampleEvent, tag } from './article-fixture.ts';

const base = 'https://api.example.org/';

describe('webhook payload', () => {
  it('carries type, the event time and the article essentials with links to JSON and ninjs', () => {
    const payload = buildPayload(sampleEvent('article.published'), base);
    expect(payload).toEqual({
      type: 'article.published',
      timestamp: '2025-03-03T08:00:00.000Z',
      data: {
        id: 'art_01',
        version: 1,
        status: 'published',
        headline: 'Ferry service resumes after winter storms',
        publisher: { id: 'harbour-news', name: 'Harbour News' },
        tags: [
          { id: 'transport', label: 'transport', type: 'topic' },
          { id: 'harbour-town', label: 'harbour town', type: 'place' },
          { id: 'coastland', label: 'coastland', type: 'place' },
        ],
        summary: 'The ferry line reopened on Monday after crews repaired the pier.',
        publishedAt: '2025-03-03T08:00:00.000Z',
        updatedAt: '2025-03-03T08:00:00.000Z',
        links: { json: 'https://api.example.org/articles/art_01', ninjs: 'https://api.example.org/articles/art_01.ninjs' },
      },
    });
  });

  it('carries a near-duplicate’s link and similarity, and each tag’s relevance when it has one', () => {
    const article = sampleArticle({ tags: [{ ...tag('transport'), relevance: 0.75 }], nearDuplicateOf: 'art_00', similarity: 0.9 });
    const { data } = buildPayload(sampleEvent('article.published', article), base);
    expect(data).toMatchObject({ nearDuplicateOf: 'art_00', similarity: 0.9, tags: [{ id: 'transport', relevance: 0.75 }] });
    expect(buildPayload(sampleEvent('article.published'), base).data).not.toHaveProperty('nearDuplicateOf');
  });

  it('says when and that an article was withdrawn', () => {
    const article = sampleArticle({ status: 'withdrawn', withdrawnAt: '2025-03-04T09:00:00.000Z' });
    const payload = buildPayload(sampleEvent('article.withdrawn', article), base);
    expect(payload.type).toBe('article.withdrawn');
    expect(payload.timestamp).toBe('2025-03-04T09:00:00.000Z');
    expect(payload.data).toMatchObject({ status: 'withdrawn', withdrawnAt: '2025-03-04T09:00:00.000Z' });
  });

  it('serialises the same event to the same bytes every time (retries and replays resend them)', () => {
    const a = serialisePayload(buildPayload(sampleEvent(), base));
    const b = serialisePayload(buildPayload(sampleEvent(), base));
    expect(a).toBe(b);
    expect(JSON.parse(a).data.truncated).toBeUndefined();
  });

  it('stays under 20 KB by shortening the summary at a word, and says so', () => {
    const summary = 'Quay “repairs” continue — ünïcode words\n'.repeat(2000);
    const body = serialisePayload(buildPayload(sampleEvent('article.updated', sampleArticle({ summary })), base));
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_PAYLOAD_BYTES);
    const parsed = JSON.parse(body);
    expect(parsed.data.truncated).toEqual(['summary']);
    expect(parsed.data.summary.endsWith('…')).toBe(true);
    expect(summary.startsWith(parsed.data.summary.slice(0, -1).trimEnd())).toBe(true);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_PAYLOAD_BYTES - 200);
  });

  it('cuts tags only when an empty summary is not enough, naming both cuts', () => {
    const tags = Array.from({ length: 600 }, (_, i) => tag(`topic-number-${i}-with-a-long-identifier`));
    const body = serialisePayload(buildPayload(sampleEvent('article.published', sampleArticle({ tags })), base));
    const parsed = JSON.parse(body);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_PAYLOAD_BYTES);
    expect(parsed.data.truncated).toEqual(['summary', 'tags']);
    expect(parsed.data.tags.length).toBeGreaterThan(0);
    expect(parsed.data.tags.length).toBeLessThan(600);
  });

  describe('always fits, never throws, whatever field is oversized', () => {
    const fits = (article: ReturnType<typeof sampleArticle>) => {
      const body = serialisePayload(buildPayload(sampleEvent('article.published', article), base));
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_PAYLOAD_BYTES);
      const parsed = JSON.parse(body);
      // The receiver can always fetch the rest.
      expect(parsed.data).toMatchObject({ id: article.id, version: article.version });
      expect(parsed.data.links.json).toBe(`https://api.example.org/articles/${encodeURIComponent(article.id)}`);
      return parsed;
    };

    it('caps a headline of tens of KB and keeps the tags and summary', () => {
      const parsed = fits(sampleArticle({ headline: 'Harbour wall '.repeat(4000) }));
      expect(parsed.data.truncated).toEqual(['headline']);
      expect(parsed.data.headline.endsWith('…')).toBe(true);
      expect(parsed.data.tags).toHaveLength(3);
      expect(parsed.data.summary).toBe(sampleArticle().summary);
    });

    it('caps an oversized publisher name and tag labels', () => {
      const parsed = fits(sampleArticle({
        publisher: { id: 'harbour-news', name: 'N'.repeat(30_000) },
        tags: [{ ...tag('transport'), label: 'L'.repeat(30_000) }],
      }));
      expect(parsed.data.truncated).toEqual(['publisher', 'tags']);
      expect(parsed.data.tags[0].id).toBe('transport');
    });

    it('shortens everything in turn when every field is huge, control characters and quotes included', () => {
      const huge = '"\u0001\\'.repeat(20_000);
      const parsed = fits(sampleArticle({
        headline: huge, summary: huge, publisher: { id: 'p', name: huge },
        tags: Array.from({ length: 400 }, (_, i) => ({ ...tag(`t-${i}`), label: huge.slice(0, 300) })),
      }));
      expect(parsed.data.truncated).toEqual(expect.arrayContaining(['headline', 'publisher', 'summary', 'tags']));
    });

    it('falls back to the bare identity and links when even those alone are too long', () => {
      const body = serialisePayload(buildPayload(sampleEvent(), base), 300);
      expect(Buffer.byteLength(body)).toBeLessThan(400);
      expect(JSON.parse(body)).toEqual({
        type: 'article.published',
        timestamp: '2025-03-03T08:00:00.000Z',
        data: {
          id: 'art_01', version: 1, status: 'published',
          links: { json: 'https://api.example.org/articles/art_01', ninjs: 'https://api.example.org/articles/art_01.ninjs' },
          truncated: ['headline', 'publisher', 'tags', 'summary', 'publishedAt', 'updatedAt'],
        },
      });
    });

    it('names the lead image among what the bare identity leaves out', () => {
      const article = sampleArticle({ media: [{ url: 'https://cdn.example.org/ferry.jpg', mediaType: 'image/jpeg', role: 'lead' }], nearDuplicateOf: 'art_00', similarity: 0.9 });
      const parsed = JSON.parse(serialisePayload(buildPayload(sampleEvent('article.updated', article), base), 300));
      expect(parsed.data).not.toHaveProperty('image');
      expect(parsed.data.truncated).toEqual(['headline', 'publisher', 'tags', 'summary', 'image', 'publishedAt', 'updatedAt', 'nearDuplicateOf', 'similarity']);
    });
  });

  it('truncates by UTF-8 bytes without splitting characters', () => {
    expect(truncateToBytes('short', 100)).toBe('short');
    const cut = truncateToBytes('ééééé ééééé', 9);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(9);
    expect(cut).toBe('éée…'.replace('e', 'é'));
  });

  it('carries the lead image (URL, type, size, caption, credit, alt), with long texts capped, and still fits its cap', () => {
    const lead = { url: 'https://cdn.example.org/ferry.jpg', mediaType: 'image/jpeg', width: 1600, height: 900, bytes: 1000, caption: 'The ferry. '.repeat(200), credit: 'Jo Lens', role: 'lead' as const };
    const inline = { url: 'https://cdn.example.org/map.png', role: 'inline' as const };
    const article = sampleArticle({ media: [inline, lead], summary: 'word '.repeat(6000) });
    const payload = buildPayload(sampleEvent('article.published', article), base);
    expect(payload.data.image).toMatchObject({ url: lead.url, mediaType: 'image/jpeg', width: 1600, height: 900, credit: 'Jo Lens' });
    expect(payload.data.image).not.toHaveProperty('bytes');
    expect(Buffer.byteLength(payload.data.image!.caption!)).toBeLessThanOrEqual(512);
    const body = serialisePayload(payload);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(body).data.image.url).toBe(lead.url);
    expect(buildPayload(sampleEvent(), base).data).not.toHaveProperty('image');
  });
});

