/**
 * The alias trie, held in a few flat arrays instead of a tree of objects. Ingest loads it at every cold
 * start (compiled-form.ts), and a tree of ~1,700 nodes, each with its own Map and pattern objects, took
 * most of that load: JSON.parse allocated thousands of small objects and reviving them thousands more,
 * enough to set off young-generation garbage collections during the import. Here a node and a pattern are
 * numbers. Nodes are numbered breadth first, so a node's children are consecutive numbers: the root's
 * (the first words of every alias, ~600) are found through one Map, as every word of an article is looked
 * up there; a deeper node's few children (21 at most in the shipped taxonomy) by a binary search over
 * their words. A pattern's target and word rules sit in integer arrays. Loading is one Map fill and a
 * few counts.
 *
 * A pattern never stores its folded words: they are the path from the root to its node. It stores one
 * rule per word, how the text must write it (compile.ts says where the rules come from).
 *
 * Code that runs once per cold start avoids `entries()` and destructuring loops: uncompiled, each turn
 * allocates an iterator result and a pair (about 230 bytes), more than the Map entry it fills.
 */

/** A word of a pattern that is lowercase in the taxonomy: any case in the text. */
export const ANY_CASE = -1;
/** A capitalised word: the text word must not start in lowercase. Rules >= 0 are exact (acronym) spellings. */
export const CAPITALISED = -2;
/** `ANY_CASE`, `CAPITALISED`, or the index in `surfaces` of the exact spelling an all-capitals word needs. */
export type WordRule = number;

/** The node every walk starts from: its children are the first words of every alias. */
export const ROOT = 0;

/** The trie as plain data: what `npm run taxonomy` ships and what every `Trie` is read from. */
export interface TrieData {
  /** Every folded word that leads from one node to another, once. */
  readonly words: readonly string[];
  /**
   * For node `n >= 1`, at `n - 1`: its parent. Nodes are numbered breadth first, siblings in word order
   * (UTF-16 code units, as `<` compares), so this never decreases and a node's children are consecutive.
   */
  readonly parents: readonly number[];
  /** For node `n >= 1`, at `n - 1`: the index in `words` of the word that leads to it. */
  readonly edgeWords: readonly number[];
  /** For each pattern: the node where its words end. Ascending; a node's patterns in the order they are tried. */
  readonly patternNodes: readonly number[];
  /** For each pattern: a concept index (>= 0) or `-1 - trapIndex` for a trap form. */
  readonly targets: readonly number[];
  /** Every pattern's rules, one per word, pattern after pattern. */
  readonly rules: readonly WordRule[];
  /** The exact spellings rules point at (`SDF`, `IS`), once each. */
  readonly surfaces: readonly string[];
}

export class Trie {
  /** The root's children by their word. */
  private readonly firstWords = new Map<string, number>();
  /** Children of node `n` are the nodes `firstChild[n]` up to `firstChild[n + 1]`. */
  private readonly firstChild: Int32Array;
  /** Patterns ending at node `n` are `firstPattern[n]` up to `firstPattern[n + 1]`. */
  private readonly firstPattern: Int32Array;
  /** Rules of pattern `p` are `rules[firstRule[p]]` up to `rules[firstRule[p + 1]]`. */
  private readonly firstRule: Int32Array;

  constructor(readonly data: TrieData) {
    const { words, parents, edgeWords, patternNodes } = data;
    const nodes = parents.length + 1;
    const depth = new Int32Array(nodes);
    this.firstChild = new Int32Array(nodes + 1);
    for (let n = 1; n < nodes; n += 1) {
      const parent = parents[n - 1] as number;
      depth[n] = (depth[parent] as number) + 1;
      (this.firstChild[parent + 1] as number) += 1;
      if (parent === ROOT) this.firstWords.set(words[edgeWords[n - 1] as number] as string, n);
    }
    this.firstChild[0] = 1;
    for (let n = 1; n <= nodes; n += 1) this.firstChild[n] = (this.firstChild[n] as number) + (this.firstChild[n - 1] as number);
    this.firstPattern = new Int32Array(nodes + 1);
    this.firstRule = new Int32Array(patternNodes.length + 1);
    for (let p = 0; p < patternNodes.length; p += 1) {
      const node = patternNodes[p] as number;
      (this.firstPattern[node + 1] as number) += 1;
      this.firstRule[p + 1] = (this.firstRule[p] as number) + (depth[node] as number);
    }
    for (let n = 1; n <= nodes; n += 1) this.firstPattern[n] = (this.firstPattern[n] as number) + (this.firstPattern[n - 1] as number);
  }
  /** The node reached from `node` by the folded word `key`, or -1. */
  child(node: number, key: string): number {
    if (node === ROOT) return this.firstWords.get(key) ?? -1;
    // Siblings are in word order (TrieBuilder): a binary search, for the rare node with many children.
    const { words, edgeWords } = this.data;
    let low = this.firstChild[node] as number;
    let high = (this.firstChild[node + 1] as number) - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const word = words[edgeWords[middle - 1] as number] as string;
      if (word === key) return middle;
      if (word < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The first pattern ending at `node`; those ending there run up to `patternsFrom(node + 1)`. */
  patternsFrom(node: number): number {
    return this.firstPattern[node] as number;
  }

  target(pattern: number): number {
    return this.data.targets[pattern] as number;
  }

  /** How many words the pattern has, each with its rule. */
  length(pattern: number): number {
    return (this.firstRule[pattern + 1] as number) - (this.firstRule[pattern] as number);
  }

  rule(pattern: number, word: number): WordRule {
    return this.data.rules[(this.firstRule[pattern] as number) + word] as WordRule;
  }

  /** The exact spelling an exact rule (>= 0) asks for. */
  surface(rule: WordRule): string {
    return this.data.surfaces[rule] as string;
  }
}

/** Collects patterns into a tree while a taxonomy compiles, then numbers it into a `Trie`. */
export class TrieBuilder {
  private readonly root: BuilderNode = { next: new Map(), patterns: [] };

  /** Adds a pattern; a node's patterns are tried most exact first, then by higher target. */
  add(keys: readonly string[], rules: readonly (typeof ANY_CASE | typeof CAPITALISED | string)[], target: number): void {
    let node = this.root;
    for (const key of keys) {
      let child = node.next.get(key);
      if (child === undefined) {
        child = { next: new Map(), patterns: [] };
        node.next.set(key, child);
      }
      node = child;
    }
    const exactWords = rules.filter((rule) => typeof rule === 'string').length;
    node.patterns.push({ rules, target, exactWords });
    node.patterns.sort((a, b) => b.exactWords - a.exactWords || b.target - a.target);
  }

  build(): Trie {
    const data = { words: [] as string[], parents: [] as number[], edgeWords: [] as number[], patternNodes: [] as number[], targets: [] as number[], rules: [] as number[], surfaces: [] as string[] };
    const words = new Map<string, number>();
    const surfaces = new Map<string, number>();
    const intern = (index: Map<string, number>, list: string[], value: string): number => {
      let i = index.get(value);
      if (i === undefined) {
        i = list.length;
        list.push(value);
        index.set(value, i);
      }
      return i;
    };
    // Breadth first: a node's patterns, then its children queued in word order, numbered as they are queued.
    const queue: BuilderNode[] = [this.root];
    for (let self = 0; self < queue.length; self += 1) {
      const node = queue[self] as BuilderNode;
      for (const pattern of node.patterns) {
        data.patternNodes.push(self);
        data.targets.push(pattern.target);
        for (const rule of pattern.rules) data.rules.push(typeof rule === 'string' ? intern(surfaces, data.surfaces, rule) : rule);
      }
      for (const [word, child] of [...node.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        data.parents.push(self);
        data.edgeWords.push(intern(words, data.words, word));
        queue.push(child);
      }
    }
    return new Trie(data);
  }
}

interface BuilderNode {
  readonly next: Map<string, BuilderNode>;
  readonly patterns: { readonly rules: readonly (number | string)[]; readonly target: number; readonly exactWords: number }[];
}
