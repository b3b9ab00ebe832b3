import { describe, expect, it } from 'vitest';
import { evaluate, tagSource, type GoldArticle, type VocabularyConcept } from '#core/tagging/evaluation.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { readReferenceArticle, readShared, readSharedJson } from '../../support/shared.ts';

describe('the reference article, parsed and normalised by the pipeline', () => {
  const tagger = createTagger();
  const ids = tagSource(tagger, readReferenceArticle());

  it('gets the tags its content calls for', () => {
    for (const id of ['opslens', 'oir', 'cjtf-oir', 'syria', 'iraq', 'isis', 'raqqa', 'kirkuk', 'sdf', 'ypg', 'isf', 'aqi', 'us-army', 'ryan-dillon']) {
      expect(ids, id).toContain(id);
    }
  });

  it('puts its publisher first', () => {
    expect(ids[0]).toBe('opslens');
  });

  it('gets no concepts it does not mention', () => {
    for (const id of ['jsdf', 'jordan', 'georgia', 'turkey', 'afghanistan', 'ofs', 'pmf', 'peshmerga']) {
      expect(ids, id).not.toContain(id);
    }
  });
});

describe('the shared evaluation set', () => {
  const gold = readSharedJson<GoldArticle[]>('eval', 'gold.json');
  const report = evaluate(createTagger(), gold, readSharedJson<VocabularyConcept[]>('eval', 'vocabulary.json'), (file) =>
    readShared('eval', 'dev', file),
  );

  it('is tagged with micro precision ≥ 0.97 and recall ≥ 0.95', () => {
    expect(report.articles).toHaveLength(12);
    expect(report.precision).toBeGreaterThanOrEqual(0.97);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('never tags a concept gold says must not be tagged', () => {
    for (const article of report.articles) expect(article.forbidden, article.file).toEqual([]);
  });
});

describe('evaluate', () => {
  it('scores only vocabulary concepts and reports misses, false positives and must-not violations per article', () => {
    const vocabulary: VocabularyConcept[] = [
      { id: 'opslens', label: 'OpsLens', type: 'publisher' },
      { id: 'syria', label: 'Syria', type: 'place' },
      { id: 'iraq', label: 'Iraq', type: 'place' },
      { id: 'jordan', label: 'Jordan', type: 'place' },
    ];
    const gold: GoldArticle[] = [{ file: 'a.txt', publisher: 'OpsLens', tags: ['opslens', 'syria', 'jordan'], must_not_tag: ['iraq'] }];
    const report = evaluate(createTagger(), gold, vocabulary, () => 'OpsLens\n\nDamascus and Baghdad\n\nNothing else happened in Damascus.');
    expect(report.articles[0]).toEqual({ file: 'a.txt', truePositives: 2, misses: ['jordan'], falsePositives: ['iraq'], forbidden: ['iraq'] });
    expect(report.precision).toBeCloseTo(2 / 3);
    expect(report.recall).toBeCloseTo(2 / 3);
  });

  it('reads each article through the real parser and normaliser (CRLF, a BOM, a byline, a repeated paragraph)', () => {
    const source = '\uFEFFOpsLens\r\n\r\nA quiet week\r\n\r\nBy Jane Roe\r\n\r\nFighting eased near Raqqa.\r\n\r\nFighting eased near Raqqa.\r\n';
    expect(tagSource(createTagger(), source)).toEqual(['opslens', 'raqqa', 'syria']);
  });
});
