import { describe, expect, it } from 'vitest';
import { evaluate, splitReferenceText, type GoldArticle, type VocabularyConcept } from '#core/tagging/evaluation.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { readReferenceArticle, readShared, readSharedJson } from '../../support/shared.ts';

describe('the reference article', () => {
  const tagger = createTagger();
  const text = splitReferenceText(readReferenceArticle());
  const tags = tagger.tag(text, tagger.resolvePublisher(text.publisherName));
  const ids = tags.map((t) => t.id);

  it('gets the tags its content calls for', () => {
    for (const id of ['opslens', 'oir', 'cjtf-oir', 'syria', 'iraq', 'isis', 'raqqa', 'kirkuk', 'sdf', 'ypg', 'isf', 'aqi', 'us-army', 'ryan-dillon']) {
      expect(ids, id).toContain(id);
    }
  });

  it('puts its publisher first and counts the official under both spellings of his name', () => {
    expect(tags[0]?.id).toBe('opslens');
    expect(tags.find((t) => t.id === 'ryan-dillon')?.mentions).toBe(3);
  });

  it('gets no concepts it does not mention', () => {
    for (const id of ['jsdf', 'jordan', 'georgia', 'turkey', 'afghanistan', 'ofs', 'pmf', 'peshmerga']) {
      expect(ids, id).not.toContain(id);
    }
  });
});

describe('the evaluation set', () => {
  it('is tagged with micro precision ≥ 0.97 and recall ≥ 0.95', () => {
    const report = evaluate(
      createTagger(),
      readSharedJson<GoldArticle[]>('eval', 'gold.json'),
      readSharedJson<VocabularyConcept[]>('eval', 'vocabulary.json'),
      (file) => readShared('eval', 'dev', file),
    );
    expect(report.articles).toHaveLength(12);
    expect(report.precision).toBeGreaterThanOrEqual(0.97);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('never tags a concept gold says must not be tagged', () => {
    const tagger = createTagger();
    for (const article of readSharedJson<GoldArticle[]>('eval', 'gold.json')) {
      const text = splitReferenceText(readShared('eval', 'dev', article.file));
      const ids = new Set(tagger.tag(text, tagger.resolvePublisher(text.publisherName)).map((t) => t.id));
      for (const forbidden of article.must_not_tag ?? []) expect(ids.has(forbidden), `${article.file}: ${forbidden}`).toBe(false);
    }
  });
});

describe('evaluate', () => {
  it('scores only vocabulary concepts and reports misses and false positives per article', () => {
    const vocabulary: VocabularyConcept[] = [
      { id: 'opslens', label: 'OpsLens', type: 'publisher' },
      { id: 'syria', label: 'Syria', type: 'place' },
      { id: 'iraq', label: 'Iraq', type: 'place' },
      { id: 'jordan', label: 'Jordan', type: 'place' },
    ];
    const gold: GoldArticle[] = [{ file: 'a.txt', publisher: 'OpsLens', headline: 'h', tags: ['opslens', 'syria', 'jordan'] }];
    const report = evaluate(createTagger(), gold, vocabulary, () => 'OpsLens\n\nDamascus and Baghdad\n\nNothing else.');
    expect(report.articles[0]).toEqual({ file: 'a.txt', truePositives: 2, misses: ['jordan'], falsePositives: ['iraq'] });
    expect(report.precision).toBeCloseTo(2 / 3);
    expect(report.recall).toBeCloseTo(2 / 3);
  });
});

describe('splitReferenceText', () => {
  it('reads publisher, headline and paragraphs, tolerating CRLF, a BOM and extra blank lines', () => {
    expect(splitReferenceText('\uFEFFDesert Ledger\r\n\r\nA headline\r\n\r\n\r\nFirst  para\r\ncontinued.\r\n\r\nSecond.\r\n')).toEqual({
      publisherName: 'Desert Ledger',
      headline: 'A headline',
      paragraphs: ['First para continued.', 'Second.'],
    });
  });
});
