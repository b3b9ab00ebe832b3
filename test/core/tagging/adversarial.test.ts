/**
 * Our own adversarial set (test/core/tagging/adversarial): short articles
 * written for the project that probe the vocabulary's spelling variants and
 * traps. Unlike the shared dev set it must be tagged exactly: every gold tag,
 * no other vocabulary concept, and never a must-not concept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, tagSource, type GoldArticle, type VocabularyConcept } from '#core/tagging/evaluation.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { readSharedJson } from '../../support/shared.ts';
import { goldProblems } from './gold-consistency.ts';

const dir = join(import.meta.dirname, 'adversarial');
const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as GoldArticle[];
const vocabulary = readSharedJson<VocabularyConcept[]>('eval', 'vocabulary.json');
const read = (file: string) => readFileSync(join(dir, 'articles', file), 'utf8');

describe('the adversarial set', () => {
  const report = evaluate(createTagger(), gold, vocabulary, read);

  it.each(report.articles.map((a) => [a.file, a] as const))('%s gets exactly its gold tags', (_file, article) => {
    expect({ misses: article.misses, falsePositives: article.falsePositives }).toEqual({ misses: [], falsePositives: [] });
  });

  it('has gold that uses only vocabulary ids, closed under parent and implies, disjoint from its must-not lists', () => {
    expect(goldProblems(gold, vocabulary)).toEqual([]);
  });

  it('covers every vocabulary concept in some article, and has at least fifteen articles', () => {
    expect(gold.length).toBeGreaterThanOrEqual(15);
    const covered = new Set(gold.flatMap((a) => a.tags));
    expect(vocabulary.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('names outlets in the text without ever tagging them as publishers', () => {
    const ids = tagSource(createTagger(), read('15_other_outlets.txt'));
    expect(ids[0]).toBe('desert-ledger');
    expect(ids.filter((id) => vocabulary.some((c) => c.id === id && c.type === 'publisher'))).toEqual([]);
  });
});
