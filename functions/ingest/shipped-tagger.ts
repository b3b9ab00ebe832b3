/**
 * The tagger ingest runs: the shipped taxonomy compiled at build time (`npm run taxonomy`), read from
 * `compiled-taxonomy.json` beside this module. In the Lambda bundle that is beside `index.mjs`
 * (infra/stacks/stateless-stack.ts copies it there), so its 120 KB of data stay out of the code V8
 * compiles, and no container validates or compiles the taxonomy (compiled-form.ts says why).
 * Read when the module loads: every article is tagged, so the first request needs it anyway. Its form
 * (flat arrays, shared lists) keeps that load at a couple of milliseconds and few allocations.
 */
import { readFileSync } from 'node:fs';
import { compiledTaxonomyFileName, fromCompiledData, type CompiledTaxonomyData } from '#core/tagging/compiled-form.ts';
import { taggerFor } from '#core/tagging/tagger.ts';
import type { Tagger } from '#core/tagging/types.ts';

const data = JSON.parse(readFileSync(new URL(`./${compiledTaxonomyFileName}`, import.meta.url), 'utf8')) as CompiledTaxonomyData;
const shipped = taggerFor(fromCompiledData(data));

export const shippedTagger = (): Tagger => shipped;
