/**
 * `npm run taxonomy`: writes what ingest needs of the shipped taxonomy, compiled at build time so no
 * container validates or compiles it (functions/core/tagging/compiled-form.ts says why):
 * - functions/ingest/compiled-taxonomy.json, the tagger's compiled form, shipped beside ingest's
 *   bundle (infra/stacks/stateless-stack.ts copies it) and read when the function loads;
 * - functions/core/parse/publisher-names.json, the folded names of the taxonomy's publishers, which
 *   decide whether a text's first line names its publisher.
 * Both are derived, never edited: test/core/tagging/compiled-form.test.ts fails when they fall behind.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileTaxonomy } from '../../functions/core/tagging/compile.ts';
import { compiledTaxonomyFileName, toCompiledData } from '../../functions/core/tagging/compiled-form.ts';
import { shippedTaxonomy } from '../../functions/core/tagging/shipped.ts';

export const compiledTaxonomyFile = fileURLToPath(new URL(`../../functions/ingest/${compiledTaxonomyFileName}`, import.meta.url));
export const publisherNamesFile = fileURLToPath(new URL('../../functions/core/parse/publisher-names.json', import.meta.url));

/**
 * Compact: it is read by a machine at every cold start, never by a person. And ASCII: its few
 * non-ASCII characters are written as `\uXXXX` escapes (JSON.parse gives back the same strings), so the
 * file decodes to a one-byte string, which Node reads and V8 parses faster than a two-byte one
 * (about 9 of the 56 M instructions its cold JSON.parse took).
 */
export const compiledTaxonomyText = (): string =>
  `${JSON.stringify(toCompiledData(compileTaxonomy(shippedTaxonomy()))).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

export const publisherNamesText = (): string => `${JSON.stringify([...compileTaxonomy(shippedTaxonomy()).publisherByName.keys()].sort(), null, 1)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(compiledTaxonomyFile, compiledTaxonomyText());
  writeFileSync(publisherNamesFile, publisherNamesText());
  console.log(`wrote ${compiledTaxonomyFile} and ${publisherNamesFile}`);
}
