import { describe, expect, it } from 'vitest';
import { compileTaxonomy } from '#core/tagging/compile.ts';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { loadTaxonomy, TaxonomyError, type Taxonomy } from '#core/tagging/taxonomy.ts';
import { readSharedJson } from '../../support/shared.ts';

interface VocabularyConcept {
  id: string;
  type: string;
  parent?: string;
  implies?: string[];
}

const minimal = (): Taxonomy => ({
  version: 1,
  personTitles: ['Col'],
  concepts: [
    { id: 'syria', label: 'Syria', type: 'place', aliases: ['Syria'] },
    { id: 'raqqa', label: 'Raqqa', type: 'place', parent: 'syria', aliases: ['Raqqa'] },
  ],
});

function problemsOf(data: unknown): readonly string[] {
  try {
    loadTaxonomy(data);
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    return (error as TaxonomyError).problems;
  }
  throw new Error('expected the taxonomy to be refused');
}

describe('the shipped taxonomy', () => {
  const taxonomy = shippedTaxonomy();

  it('is valid and holds at least 150 concepts of every kind', () => {
    expect(taxonomy.concepts.length).toBeGreaterThanOrEqual(150);
    const types = new Set(taxonomy.concepts.map((c) => c.type));
    expect(types).toEqual(new Set(['publisher', 'operation', 'organization', 'place', 'person', 'topic']));
  });

  it('uses the evaluation vocabulary ids and types, and implies exactly the vocabulary relations among them', () => {
    const vocabulary = readSharedJson<VocabularyConcept[]>('eval', 'vocabulary.json');
    const vocabularyIds = new Set(vocabulary.map((c) => c.id));
    const compiled = compileTaxonomy(taxonomy);
    const expectedClosure = (id: string): string[] => {
      const concept = vocabulary.find((c) => c.id === id);
      const direct = [...(concept?.parent ? [concept.parent] : []), ...(concept?.implies ?? [])];
      return [...new Set(direct.flatMap((next) => [next, ...expectedClosure(next)]))].sort();
    };
    for (const concept of vocabulary) {
      const index = compiled.conceptIndex.get(concept.id);
      expect(index, concept.id).toBeDefined();
      expect(taxonomy.concepts[index!]?.type).toBe(concept.type);
      const implied = (compiled.impliedBy[index!] ?? []).map((i) => taxonomy.concepts[i]!.id);
      expect(implied.filter((id) => vocabularyIds.has(id)).sort(), concept.id).toEqual(expectedClosure(concept.id));
    }
  });

  it('gives places their country and only well-formed Wikidata ids', () => {
    const byId = new Map(taxonomy.concepts.map((c) => [c.id, c]));
    for (const city of ['raqqa', 'deir-ez-zor', 'kobani', 'amman', 'tbilisi', 'kabul', 'mosul', 'erbil']) {
      expect(byId.get(city)?.parent, city).toBeDefined();
    }
    // No published source in the repository confirms an id for ISIS (tools/subject-codes/sources/wikidata-carried.tsv).
    expect(byId.get('isis')?.wikidata).toBeUndefined();
    expect(byId.get('syria')?.wikidata).toBe('Q858');
  });
});

describe('loadTaxonomy', () => {
  it('accepts a small valid taxonomy', () => {
    expect(loadTaxonomy(minimal()).concepts).toHaveLength(2);
  });

  it('refuses structural errors with the path of each', () => {
    const broken = { ...minimal(), concepts: [{ id: 'Not A Slug', label: '', type: 'city' }] };
    const problems = problemsOf(broken);
    expect(problems.some((p) => p.startsWith('concepts.0.id'))).toBe(true);
    expect(problems.some((p) => p.startsWith('concepts.0.type'))).toBe(true);
    expect(problems.some((p) => p.startsWith('concepts.0.label'))).toBe(true);
  });

  it('refuses malformed Wikidata ids', () => {
    const taxonomy = minimal();
    taxonomy.concepts[0] = { ...taxonomy.concepts[0]!, wikidata: 'syria' };
    expect(problemsOf(taxonomy)[0]).toMatch(/wikidata/);
  });

  it('refuses duplicate ids, unknown parents and implied concepts', () => {
    const taxonomy = minimal();
    taxonomy.concepts.push({ id: 'raqqa', label: 'Raqqa again', type: 'place' });
    taxonomy.concepts.push({ id: 'tabqa', label: 'Tabqa', type: 'place', parent: 'syrai', implies: ['nowhere'] });
    const problems = problemsOf(taxonomy);
    expect(problems).toContain('duplicate concept id "raqqa"');
    expect(problems).toContain('tabqa.parent refers to unknown concept "syrai"');
    expect(problems).toContain('tabqa.implies refers to unknown concept "nowhere"');
  });

  it('refuses parent and implies cycles', () => {
    const taxonomy = minimal();
    taxonomy.concepts[0] = { ...taxonomy.concepts[0]!, implies: ['raqqa'] };
    expect(problemsOf(taxonomy).join()).toMatch(/cycle: .*syria.*raqqa/);
  });

  it('refuses traps without exactly one default sense or with unknown concepts', () => {
    const taxonomy = minimal();
    taxonomy.traps = [{ form: 'Raqqa', senses: [{ sense: 'a', concept: 'raqqa' }, { sense: 'b', concept: 'nowhere' }] }];
    const problems = problemsOf(taxonomy);
    expect(problems.join()).toMatch(/exactly one default sense/);
    expect(problems.join()).toMatch(/unknown concept "nowhere"/);
  });

  it('refuses multi-word cue words', () => {
    const taxonomy = minimal();
    taxonomy.traps = [{ form: 'Rakka', senses: [{ sense: 'a', concept: 'raqqa', default: true, cues: ['Fort Stewart'] }, { sense: 'b' }] }];
    expect(problemsOf(taxonomy).join()).toMatch(/must be one word/);
  });
});

describe('compileTaxonomy', () => {
  it('refuses one spelling claimed by two concepts, even through folding', () => {
    const taxonomy = minimal();
    taxonomy.concepts.push({ id: 'other', label: 'Other', type: 'place', aliases: ['Ar-Raqqah'] });
    expect(() => compileTaxonomy(loadTaxonomy(taxonomy))).toThrow(/claimed twice/);
  });
});
