/**
 * The flat alias trie (trie.ts): what the builder numbers and what a lookup finds. The tagger's own
 * tests say what matching does with it; these say the flat layout holds what the tree held.
 */
import { describe, expect, it } from 'vitest';
import { compileTaxonomy } from '#core/tagging/compile.ts';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { ANY_CASE, CAPITALISED, ROOT, Trie, TrieBuilder } from '#core/tagging/trie.ts';

function sample(): Trie {
  const builder = new TrieBuilder();
  builder.add(['operation', 'inherent', 'resolve'], [CAPITALISED, CAPITALISED, CAPITALISED], 3);
  builder.add(['operation', 'gallant', 'phoenix'], [CAPITALISED, CAPITALISED, CAPITALISED], 4);
  builder.add(['operation', 'atlas'], [CAPITALISED, CAPITALISED], 5);
  builder.add(['is'], [ANY_CASE], 1);
  builder.add(['is'], ['IS'], -1);
  builder.add(['is'], [CAPITALISED], 2);
  return builder.build();
}

/** The node the words lead to, or -1. */
const walk = (trie: Trie, words: readonly string[]) => words.reduce((node, word) => (node < 0 ? -1 : trie.child(node, word)), ROOT);

const patternsAt = (trie: Trie, node: number) =>
  Array.from({ length: trie.patternsFrom(node + 1) - trie.patternsFrom(node) }, (_, i) => {
    const pattern = trie.patternsFrom(node) + i;
    const rules = Array.from({ length: trie.length(pattern) }, (_, j) => trie.rule(pattern, j));
    return { target: trie.target(pattern), rules: rules.map((rule) => (rule >= 0 ? trie.surface(rule) : rule)) };
  });

describe('the alias trie', () => {
  it('follows every pattern word by word, and nothing else', () => {
    const trie = sample();
    expect(patternsAt(trie, walk(trie, ['operation', 'gallant', 'phoenix']))).toEqual([{ target: 4, rules: [CAPITALISED, CAPITALISED, CAPITALISED] }]);
    expect(patternsAt(trie, walk(trie, ['operation', 'atlas']))).toEqual([{ target: 5, rules: [CAPITALISED, CAPITALISED] }]);
    expect(patternsAt(trie, walk(trie, ['operation']))).toEqual([]);
    expect(walk(trie, ['operation', 'phoenix'])).toBe(-1);
    expect(walk(trie, ['gallant'])).toBe(-1);
    expect(walk(trie, ['operation', 'atlas', 'resolve'])).toBe(-1);
  });

  it('tries the patterns of one node most exact first, then by higher target', () => {
    const trie = sample();
    expect(patternsAt(trie, walk(trie, ['is']))).toEqual([
      { target: -1, rules: ['IS'] },
      { target: 2, rules: [CAPITALISED] },
      { target: 1, rules: [ANY_CASE] },
    ]);
  });

  it('numbers nodes breadth first with siblings in word order, so a node’s children are consecutive', () => {
    const { data } = sample();
    expect(data.parents).toEqual([...data.parents].sort((a, b) => a - b));
    expect(data.parents.map((_, n) => data.words[data.edgeWords[n]!])).toEqual(['is', 'operation', 'atlas', 'gallant', 'inherent', 'phoenix', 'resolve']);
  });

  it('finds any child of a node with many, in the shipped taxonomy and from its plain data again', () => {
    const { trie } = compileTaxonomy(shippedTaxonomy());
    const again = new Trie(JSON.parse(JSON.stringify(trie.data)));
    expect(again).toEqual(trie);
    for (let n = 1; n <= trie.data.parents.length; n += 1) {
      expect(again.child(trie.data.parents[n - 1]!, trie.data.words[trie.data.edgeWords[n - 1]!]!)).toBe(n);
    }
  });
});
