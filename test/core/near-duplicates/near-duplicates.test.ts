/**
 * Near-duplicate detection's pure core: shingles that ignore house style and
 * paragraph order, MinHash estimates close to the true Jaccard similarity, a
 * compact stored signature, LSH keys that bring edited copies together, and
 * the verdict that links a copy to the first article of its cluster.
 */
import { describe, expect, it } from 'vitest';
import { nearDuplicateKeys } from '#core/near-duplicates/index.ts';
import { BANDS, judgeNearDuplicate } from '#core/near-duplicates/lsh.ts';
import { decodeSignature, encodeSignature, estimatedSimilarity, minhash, SIGNATURE_SIZE, storedForm } from '#core/near-duplicates/minhash.ts';
import { shingles } from '#core/near-duplicates/shingles.ts';

const story = {
  paragraphs: [
    'Engineers reopened the road bridge below the dam on Tuesday after three weeks of repairs to its deck and railings.',
    'Local officials said the first aid convoys crossed within the hour, and that farm traffic would follow by the weekend.',
    'The crossing had been closed since a lorry struck one of its piers during a storm in early spring.',
  ],
};

describe('shingles', () => {
  it('ignore case, punctuation, quote styles and the order of paragraphs, and never cross a paragraph break', () => {
    const restyled = { paragraphs: [story.paragraphs[2] as string, ...story.paragraphs.slice(0, 2).map((p) => p.toUpperCase().replace(/,/g, ' ,'))] };
    expect([...shingles(restyled)].sort()).toEqual([...shingles(story)].sort());
    expect(shingles({ paragraphs: ['one two', 'three four'] }).length).toBe(2);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity within a few hundredths at 128 positions', () => {
    const a = Uint32Array.from({ length: 300 }, (_, i) => i * 7919);
    const b = Uint32Array.from({ length: 300 }, (_, i) => (i + 100) * 7919); // 200 shared of 400: J = 0.5
    const estimate = estimatedSimilarity(storedForm(minhash(a)), storedForm(minhash(b)));
    expect(Math.abs(estimate - 0.5)).toBeLessThan(0.15);
    expect(estimatedSimilarity(storedForm(minhash(a)), storedForm(minhash(a)))).toBe(1);
  });

  it('stores 16 bits a position in 344 base64 characters and reads them back', () => {
    const signature = minhash(shingles(story));
    const encoded = encodeSignature(signature);
    expect(encoded).toHaveLength(344);
    expect(decodeSignature(encoded)).toEqual(storedForm(signature));
    expect(decodeSignature(encoded)).toHaveLength(SIGNATURE_SIZE);
  });
});

describe('LSH keys and the verdict', () => {
  const original = nearDuplicateKeys(story)!;
  const copy = nearDuplicateKeys({ paragraphs: [`BEIRUT (Harbour Wire) — ${story.paragraphs[0]}`, ...story.paragraphs.slice(1), 'This story has been updated.'] })!;
  const other = nearDuplicateKeys({ paragraphs: ['Farmers near the dam say the reservoir has fallen to its lowest level in a decade after a dry winter.'] })!;

  it('gives one key per band, shared by an edited copy and not by another story about the same dam', () => {
    expect(original.buckets).toHaveLength(BANDS);
    expect(original.buckets.some((key) => copy.buckets.includes(key))).toBe(true);
    expect(original.buckets.some((key) => other.buckets.includes(key))).toBe(false);
  });

  it('links a copy to its candidate’s cluster root with a similarity figure, and nothing to a different story', () => {
    const candidates = [
      { articleId: 'first', clusterRoot: 'first', signature: original.encoded },
      { articleId: 'second', clusterRoot: 'first', signature: original.encoded },
    ];
    const verdict = judgeNearDuplicate(copy.signature, candidates, 'third');
    expect(verdict?.nearDuplicateOf).toBe('first');
    expect(verdict?.similarity).toBeGreaterThan(0.6);
    expect(verdict?.similarity).toBeLessThanOrEqual(1);
    expect(judgeNearDuplicate(other.signature, candidates, 'third')).toBeUndefined();
  });

  it('never links an article to itself or to a cluster it founded (a correction re-signed)', () => {
    const candidates = [{ articleId: 'first', clusterRoot: 'first', signature: original.encoded }, { articleId: 'copy', clusterRoot: 'first', signature: copy.encoded }];
    expect(judgeNearDuplicate(original.signature, candidates, 'first')).toBeUndefined();
  });

  it('has nothing to say about an article without body words', () => {
    expect(nearDuplicateKeys({ paragraphs: ['', '—'] })).toBeUndefined();
  });
});
