/**
 * When the first line of a text names its publisher. A line counts only when
 * it names a publisher we know: one the taxonomy lists (by id, label or
 * alias), one registered with us, or the caller's own. Anything else is the
 * headline: a headline never becomes a publisher, however short it is.
 * The API and `syndicate parse` build their predicate here, so both read a
 * text the same way (the API also knows the registered publishers).
 */
import type { Publisher } from '../article/schema.ts';
import { fieldLimits } from '../article/limits.ts';
import { publisherKey } from '../tagging/compile.ts';
// The taxonomy's publishers by folded id, label and alias, derived by `npm run taxonomy` (checked by
// test/core/tagging/compiled-form.test.ts): the parser needs these names, not the whole taxonomy.
import publisherNames from './publisher-names.json' with { type: 'json' };

export type PublisherLineTest = (line: string) => boolean;

let taxonomyNames: ReadonlySet<string> | undefined;

/** True when `name` is a publisher of the shipped taxonomy (case, diacritics, punctuation and a leading "The" ignored). */
export function isTaxonomyPublisher(name: string): boolean {
  taxonomyNames ??= new Set(publisherNames);
  return taxonomyNames.has(publisherKey(name));
}

/** Could this block be a publisher line at all: one line, not longer than a publisher name may be. */
export const mayBePublisherLine = (text: string, lines: number): boolean => lines === 1 && text.length <= fieldLimits.publisher.chars;

/**
 * The test a text's first line must pass: the taxonomy's publishers, the caller's own publisher
 * (by id or name), and any other names the caller knows (registered publishers, looked up beforehand).
 */
export function publisherLineTest(options: { own?: Publisher | undefined; known?: ReadonlySet<string> | undefined } = {}): PublisherLineTest {
  const own = options.own;
  const known = new Set([...(options.known ?? [])].map(publisherKey));
  return (line) => {
    const key = publisherKey(line);
    if (key === '') return false;
    if (own && (key === publisherKey(own.name) || key === publisherKey(own.id))) return true;
    return known.has(key) || isTaxonomyPublisher(line);
  };
}
