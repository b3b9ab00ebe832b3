/**
 * Concept labels by id, the one part of the taxonomy that feeds and pages need (a tag feed's title
 * names its tag). Publish reads them from `concept-labels.json`, derived from the taxonomy by
 * `npm run labels` and checked against it by a test, so its bundle carries 8 KB of labels instead
 * of the 62 KB taxonomy with its validation.
 */
import labels from './concept-labels.json' with { type: 'json' };
import type { Taxonomy } from './taxonomy.ts';

/**
 * One concept's entry in concept-labels.json: the id alone when the label is the id's words
 * capitalised (`frontline-dispatch` → "Frontline Dispatch", more than half of them), else id and
 * label. The shorter file keeps publish within its 500 KB bundle budget.
 */
export type StoredConceptLabel = string | readonly [id: string, label: string];

/** The label an id spells: its words, split at hyphens, each with a capital first letter. */
export const labelSpelledBy = (id: string): string =>
  id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

/** A taxonomy's labels as concept-labels.json stores them, in its concept order. */
export function conceptLabelsOf(taxonomy: Taxonomy): StoredConceptLabel[] {
  return taxonomy.concepts.map((concept) => (labelSpelledBy(concept.id) === concept.label ? concept.id : [concept.id, concept.label]));
}

const byId = new Map(
  (labels as StoredConceptLabel[]).map((entry): [string, string] => (typeof entry === 'string' ? [entry, labelSpelledBy(entry)] : [entry[0], entry[1]])),
);

/** Every concept id of the shipped taxonomy. */
export const shippedConceptIds = (): IterableIterator<string> => byId.keys();

/** The shipped taxonomy's label of a concept, or undefined for an id it does not know. */
export const shippedConceptLabel = (id: string): string | undefined => byId.get(id);
