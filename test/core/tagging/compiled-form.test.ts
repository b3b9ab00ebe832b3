/**
 * The taxonomy compiled at build time (compiled-form.ts): the files `npm run taxonomy` writes are
 * exactly what compiling the shipped taxonomy gives now, its shared lists are written once, and a tagger
 * revived from the shipped file tags as the one compiled at run time does, article for article.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTaxonomy } from '#core/tagging/compile.ts';
import { fromCompiledData, toCompiledData, type CompiledTaxonomyData } from '#core/tagging/compiled-form.ts';
import { tagsOfSource } from '#core/tagging/evaluation.ts';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { createTagger, taggerFor } from '#core/tagging/tagger.ts';
import { isTaxonomyPublisher } from '#core/parse/publisher-line.ts';
import { compiledTaxonomyFile, compiledTaxonomyText, publisherNamesFile, publisherNamesText } from '../../../tools/compiled-taxonomy/generate.ts';
import { readReferenceArticle, readShared, sharedPath } from '../../support/shared.ts';

describe('the taxonomy compiled at build time', () => {
  it('is the shipped taxonomy, validated and compiled now (run `npm run taxonomy` after editing taxonomy.json)', () => {
    expect(readFileSync(compiledTaxonomyFile, 'utf8')).toBe(compiledTaxonomyText());
    expect(readFileSync(publisherNamesFile, 'utf8')).toBe(publisherNamesText());
  });

  it('revives into the same lookup structures', () => {
    const compiled = compileTaxonomy(shippedTaxonomy());
    expect(fromCompiledData(JSON.parse(JSON.stringify(toCompiledData(compiled))))).toEqual(compiled);
  });

  it('writes each list of phrases or cues once, and senses that share one share it again when revived', () => {
    const data = JSON.parse(readFileSync(compiledTaxonomyFile, 'utf8')) as CompiledTaxonomyData;
    const senses = fromCompiledData(data).traps.flatMap((trap) => trap.senses);
    for (const lists of [senses.flatMap((sense) => [sense.before, sense.after]), senses.flatMap((sense) => [sense.cues, sense.decisiveCues])]) {
      expect(new Set<unknown>(lists).size).toBe(new Set(lists.map((list: unknown) => JSON.stringify(list))).size);
    }
    expect(new Set(data.phraseLists.map((list) => JSON.stringify(list))).size).toBe(data.phraseLists.length);
    // What tagging never reads stays out of the file ingest parses at every cold start.
    expect(data.concepts.filter((concept) => 'aliases' in concept || 'parent' in concept)).toEqual([]);
  });

  it('tags the reference article and the evaluation set as the tagger compiled at run time does', () => {
    const revived = taggerFor(fromCompiledData(JSON.parse(readFileSync(compiledTaxonomyFile, 'utf8'))));
    const compiled = createTagger();
    const texts = [readReferenceArticle(), ...readdirSync(sharedPath('eval', 'dev')).map((file) => readShared('eval', 'dev', file))];
    for (const text of texts) {
      expect(revived.tag({ headline: text.split('\n')[0]!, paragraphs: text.split(/\n\s*\n/) })).toEqual(
        compiled.tag({ headline: text.split('\n')[0]!, paragraphs: text.split(/\n\s*\n/) }),
      );
      expect(tagsOfSource(revived, text)).toEqual(tagsOfSource(compiled, text));
    }
    expect(revived.resolvePublisher('The Sentry Review')).toEqual(compiled.resolvePublisher('The Sentry Review'));
  });

  it('knows the taxonomy publishers by every id, label and alias, and nothing else', () => {
    for (const concept of shippedTaxonomy().concepts.filter((c) => c.type === 'publisher')) {
      for (const name of [concept.id, concept.label, ...(concept.aliases ?? [])]) expect(isTaxonomyPublisher(name), name).toBe(true);
    }
    expect(isTaxonomyPublisher('Ferry service resumes')).toBe(false);
  });
});
