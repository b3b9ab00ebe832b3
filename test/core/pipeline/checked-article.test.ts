import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Article } from '#core/article/schema.ts';
import { ArticleContractBroken, checkedArticle } from '#core/pipeline/checked-article.ts';

const base = {
  id: 'a1', version: 1, status: 'published', fingerprint: 'a'.repeat(64),
  publisher: { id: 'opslens', name: 'OpsLens' }, headline: 'H', body: ['p'], bodyHtml: '<p>p</p>', summary: 'p',
  language: 'en', slug: 'h', wordCount: 1, readingTimeMinutes: 1, notes: [], source: { format: 'text' },
  publishedAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z',
};

const validTag = { id: 'raqqa', label: 'Raqqa', type: 'place', mentions: 2, firstOffset: 10, implied: false };

/** The check's answer: its output in key order, or where it failed. */
function outcome(check: (candidate: Article) => Article, candidate: unknown): unknown {
  try {
    return { article: JSON.stringify(check(candidate as Article)) };
  } catch (error) {
    return { at: (error as { issues?: { path: unknown }[] }).issues?.[0]?.path };
  }
}

const tagValue = fc.oneof(
  fc.constant(validTag),
  fc.record({
    id: fc.constantFrom('x', '', 7), label: fc.constantFrom('X', ''), type: fc.constantFrom('place', 'person', 'city'),
    mentions: fc.constantFrom(0, 3, -1, 1.5, Number.MAX_SAFE_INTEGER + 2), firstOffset: fc.constantFrom(-1, 0, -2, 4),
    implied: fc.constantFrom(true, false, 'no'),
  }, { requiredKeys: ['id', 'label', 'type', 'mentions', 'firstOffset', 'implied'] }),
  fc.constant({ ...validTag, wikidata: 'Q42' }),
  fc.constant({ ...validTag, wikidata: 'q42' }),
  fc.constant({ ...validTag, extra: 1 }),
  fc.constant({ label: 'Raqqa', id: 'raqqa', type: 'place', mentions: 2, firstOffset: 10, implied: false }),
  fc.constant(null),
);

describe('the article contract check', () => {
  it('returns exactly what the schema returns, or fails where the schema’s first issue is', () => {
    fc.assert(
      fc.property(fc.array(tagValue, { maxLength: 5 }), fc.constantFrom('en', ''), (tags, language) => {
        const candidate = { ...base, language, tags };
        expect(outcome(checkedArticle, candidate)).toEqual(outcome((c) => Article.parse(c), candidate));
      }),
      { numRuns: 1500 },
    );
  });

  it('throws a defect naming the field, since the pipeline assembled the article itself', () => {
    expect(() => checkedArticle({ ...base, tags: [{ ...validTag, mentions: -1 }] } as unknown as Article)).toThrow(ArticleContractBroken);
    expect(() => checkedArticle({ ...base, tags: [{ ...validTag, mentions: -1 }] } as unknown as Article)).toThrow(/at tags\.0\.mentions: /);
  });

  it('copies tags rather than handing back the tagger’s objects', () => {
    const tag = { ...validTag };
    const article = checkedArticle({ ...base, tags: [tag] } as Article);
    expect(article.tags[0]).toEqual(tag);
    expect(article.tags[0]).not.toBe(tag);
  });
});
