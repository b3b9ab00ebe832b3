/**
 * Articles for adapter tests, built field by field (the ingest tests use the
 * real core instead). Text is invented for the tests.
 */
import { createHash } from 'node:crypto';
import type { Article, Tag } from '../../functions/core/article/schema.ts';

export const tag = (id: string, type: Tag['type'] = 'place'): Tag => ({ id, label: id.toUpperCase(), type, mentions: 1, firstOffset: 0, implied: false });

export function sampleArticle(overrides: Partial<Article> = {}): Article {
  const headline = overrides.headline ?? 'Ferry service resumes across the estuary';
  const body = overrides.body ?? ['The first crossing left at dawn.', 'Passengers queued along the harbour wall.'];
  const id = overrides.id ?? 'art_sample';
  return {
    id,
    version: 1,
    status: 'published',
    fingerprint: createHash('sha256').update(`${id}\n${headline}\n${body.join('\n')}`).digest('hex'),
    publisher: { id: 'harbour-news', name: 'Harbour News' },
    headline,
    body,
    bodyHtml: body.map((p) => `<p>${p}</p>`).join(''),
    summary: body[0] ?? '',
    language: 'en',
    slug: 'ferry-service-resumes',
    wordCount: 14,
    readingTimeMinutes: 1,
    tags: [tag('estuary'), tag('transport', 'topic')],
    notes: [],
    source: { format: 'json' },
    publishedAt: '2024-05-01T08:00:00.000Z',
    updatedAt: '2024-05-01T08:00:00.000Z',
    ...overrides,
  };
}
