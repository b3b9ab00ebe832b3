import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveArticleId, identityKey } from '#core/pipeline/article-id.ts';

const fingerprint = 'a'.repeat(64);

describe('deriveArticleId', () => {
  it('is deterministic and shaped art_ + 20 base32 characters', () => {
    const id = deriveArticleId({ publisherId: 'opslens', fingerprint });
    expect(id).toMatch(/^art_[a-z2-7]{20}$/);
    expect(deriveArticleId({ publisherId: 'opslens', fingerprint })).toBe(id);
  });

  it('uses the source id, else the canonical URL, else the fingerprint', () => {
    expect(identityKey({ sourceId: 's1', canonicalUrl: 'https://x', fingerprint })).toBe('source:s1');
    expect(identityKey({ canonicalUrl: 'https://x', fingerprint })).toBe('url:https://x');
    expect(identityKey({ fingerprint })).toBe(`fp:${fingerprint}`);
    // With a source id, a changed text (a correction) keeps the id.
    expect(deriveArticleId({ publisherId: 'p', sourceId: 's1', fingerprint })).toBe(deriveArticleId({ publisherId: 'p', sourceId: 's1', fingerprint: 'b'.repeat(64) }));
  });

  it('differs between publishers for the same source id', () => {
    expect(deriveArticleId({ publisherId: 'a', sourceId: 's', fingerprint })).not.toBe(deriveArticleId({ publisherId: 'b', sourceId: 's', fingerprint }));
  });

  it('does not collide across many distinct keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 50, maxLength: 200 }), (sourceIds) => {
        const ids = new Set(sourceIds.map((sourceId) => deriveArticleId({ publisherId: 'p', sourceId, fingerprint })));
        expect(ids.size).toBe(sourceIds.length);
      }),
      { numRuns: 20 },
    );
  });
});
