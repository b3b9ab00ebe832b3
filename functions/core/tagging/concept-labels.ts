/**
 * Concept labels by id, the one part of the taxonomy that feeds and pages need (a tag feed's title
 * names its tag). Publish reads them from `concept-labels.json`, derived from the taxonomy by
 * `npm run labels` and checked against it by a test, so its bundle carries 13 KB of labels instead
 * of the 62 KB taxonomy with its validation.
 */
import labels from './concept-labels.json' with { type: 'json' };
import type { Taxonomy } from './taxonomy.ts';

/** The id → label record of a taxonomy, in its concept order (what concept-labels.json holds). */
export function conceptLabelsOf(taxonomy: Taxonomy): Record<string, string> {
  return Object.fromEntries(taxonomy.concepts.map((concept) => [concept.id, concept.label]));
}

const byId = new Map(Object.entries(labels as Record<string, string>));

/** Every concept id of the shipped taxonomy. */
export const shippedConceptIds = (): IterableIterator<string> => byId.keys();

/** The shipped taxonomy's label of a concept, or undefined for an id it does not know. */
export const shippedConceptLabel = (id: string): string | undefined => byId.get(id);
