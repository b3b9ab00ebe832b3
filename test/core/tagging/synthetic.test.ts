import { describe, expect, it } from 'vitest';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { syntheticTaxonomy } from '#core/tagging/synthetic.ts';
import { loadTaxonomy } from '#core/tagging/taxonomy.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { normalise } from '#core/normalise/normalise.ts';
import { parseArticle } from '#core/parse/index.ts';
import { readReferenceArticle } from '../../support/shared.ts';

describe('syntheticTaxonomy', () => {
  const large = syntheticTaxonomy(shippedTaxonomy(), 10_000);

  it('is a valid taxonomy of the requested size, the same on every run', () => {
    expect(large.concepts).toHaveLength(10_000);
    expect(() => loadTaxonomy(large)).not.toThrow();
    expect(syntheticTaxonomy(shippedTaxonomy(), 10_000)).toEqual(large);
  });

  it('compiles and tags real articles exactly as the shipped taxonomy does', () => {
    const text = normalise(parseArticle(readReferenceArticle()));
    expect(createTagger(large).tag(text)).toEqual(createTagger().tag(text));
  });

  it('is matched like any taxonomy', () => {
    const person = large.concepts.find((c) => c.type === 'person' && c.id.startsWith('synthetic-'));
    const name = person?.aliases?.[0] as string;
    const tags = createTagger(large).tag({ headline: 'x', paragraphs: [`${name} was seen in Raqqa.`] });
    expect(tags.map((t) => t.id)).toEqual([person?.id, 'raqqa', 'syria']);
  });
});
