/** A small made-up article for webhook tests (our own text, not the reference article's). */
import type { ArticleEvent, ArticleEventType } from '#core/article/events.ts';
import type { Article, Tag } from '#core/article/schema.ts';

export const tag = (id: string, type: Tag['type'] = 'topic', implied = false): Tag => ({
  id,
  label: id.replace(/-/g, ' '),
  type,
  mentions: implied ? 0 : 1,
  firstOffset: implied ? -1 : 0,
  implied,
});

export function sampleArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: 'art_01',
    version: 1,
    status: 'published',
    fingerprint: 'a'.repeat(64),
    publisher: { id: 'harbour-news', name: 'Harbour News' },
    headline: 'Ferry service resumes after winter storms',
    body: ['The ferry line reopened on Monday.', 'Crews repaired the pier over three weeks.'],
    bodyHtml: '<p>The ferry line reopened on Monday.</p><p>Crews repaired the pier over three weeks.</p>',
    summary: 'The ferry line reopened on Monday after crews repaired the pier.',
    language: 'en',
    slug: 'ferry-service-resumes',
    wordCount: 14,
    readingTimeMinutes: 1,
    tags: [tag('transport'), tag('harbour-town', 'place'), tag('coastland', 'place', true)],
    notes: [],
    source: { format: 'text' },
    publishedAt: '2025-03-03T08:00:00.000Z',
    updatedAt: '2025-03-03T08:00:00.000Z',
    ...overrides,
  };
}

export function sampleEvent(type: ArticleEventType = 'article.published', article: Article = sampleArticle()): ArticleEvent {
  return { type, article, occurredAt: article.withdrawnAt ?? article.updatedAt };
}
