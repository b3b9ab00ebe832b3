/**
 * `npm run labels`: writes functions/core/tagging/concept-labels.json, each concept id of the shipped
 * taxonomy with its label. Publish names tag feeds and pages by these labels and needs nothing else of
 * the taxonomy, whose 62 KB would otherwise sit in its bundle (BENCHMARKS.md, bundles). The file is
 * derived, never edited: test/core/tagging/concept-labels.test.ts fails when it falls behind.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { conceptLabelsOf } from '../../functions/core/tagging/concept-labels.ts';
import { shippedTaxonomy } from '../../functions/core/tagging/shipped.ts';

export const conceptLabelsFile = fileURLToPath(new URL('../../functions/core/tagging/concept-labels.json', import.meta.url));

/** The file's exact text for the shipped taxonomy. */
export const conceptLabelsText = (): string => `[\n${conceptLabelsOf(shippedTaxonomy()).map((entry) => ` ${JSON.stringify(entry)}`).join(',\n')}\n]\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(conceptLabelsFile, conceptLabelsText());
  console.log(`wrote ${conceptLabelsFile}`);
}
