/**
 * The taxonomy shipped with the code. Bundled as a JSON module (no file I/O at
 * run time, so the core stays pure and esbuild inlines it into each Lambda);
 * validated on first use so a broken edit fails loudly at cold start and in tests.
 */
import data from './taxonomy.json' with { type: 'json' };
import { loadTaxonomy, type Taxonomy } from './taxonomy.ts';

let shipped: Taxonomy | undefined;

export function shippedTaxonomy(): Taxonomy {
  shipped ??= loadTaxonomy(data);
  return shipped;
}
