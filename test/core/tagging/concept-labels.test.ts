import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedConceptIds, shippedConceptLabel } from '#core/tagging/concept-labels.ts';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { conceptLabelsFile, conceptLabelsText } from '../../../tools/concept-labels/generate.ts';

describe('the shipped concept labels (what publish names tags by)', () => {
  it('are exactly the taxonomy\'s, id for id (run `npm run labels` after editing taxonomy.json)', () => {
    expect(readFileSync(conceptLabelsFile, 'utf8')).toBe(conceptLabelsText());
  });

  it('answer each concept of the taxonomy with its label, and nothing for an unknown id', () => {
    for (const concept of shippedTaxonomy().concepts) expect(shippedConceptLabel(concept.id)).toBe(concept.label);
    expect(shippedConceptLabel('no-such-concept')).toBeUndefined();
    expect(shippedConceptLabel('__proto__')).toBeUndefined();
    expect([...shippedConceptIds()]).toEqual(shippedTaxonomy().concepts.map((c) => c.id));
  });
});
