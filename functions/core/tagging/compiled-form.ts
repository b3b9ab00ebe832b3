/**
 * The compiled taxonomy as plain JSON, so it can be compiled once at build time instead of at every
 * cold start. Validating the taxonomy (zod) and compiling its ~2,000 aliases and traps into the trie
 * takes 100 to 200 ms of a container's first request on this machine; reviving the compiled form is
 * a JSON.parse and rebuilding its maps (a few ms). `npm run taxonomy` writes the ingest function's copy
 * (functions/ingest/compiled-taxonomy.json), and test/core/tagging/compiled-form.test.ts fails when it
 * falls behind taxonomy.json, so the shipped file is always the validated taxonomy, compiled.
 */
import type { CompiledTaxonomy, Pattern, TrieNode } from './compile.ts';
import type { Concept } from './taxonomy.ts';

/** The file ingest reads it from, beside its module (functions/ingest/shipped-tagger.ts) and its bundle. */
export const compiledTaxonomyFileName = 'compiled-taxonomy.json';

/** A trie node: its patterns, then the words that may follow with their nodes (each omitted when empty). */
export type TrieNodeData = { p?: Pattern[]; n?: [word: string, next: TrieNodeData][] };

export interface CompiledTaxonomyData {
  readonly concepts: readonly Concept[];
  readonly trie: TrieNodeData;
  readonly traps: CompiledTaxonomy['traps'];
  readonly impliedBy: CompiledTaxonomy['impliedBy'];
  readonly publisherByName: readonly (readonly [key: string, id: string])[];
  readonly namesakeWords: readonly string[];
  readonly namesakeBefore: CompiledTaxonomy['namesakeBefore'];
  readonly personTitleKeys: readonly string[];
}

function nodeData(node: TrieNode): TrieNodeData {
  return {
    ...(node.patterns ? { p: node.patterns } : {}),
    ...(node.next ? { n: [...node.next].map(([word, next]): [string, TrieNodeData] => [word, nodeData(next)]) } : {}),
  };
}

function nodeOf(data: TrieNodeData): TrieNode {
  return { patterns: data.p, next: data.n ? new Map(data.n.map(([word, next]) => [word, nodeOf(next)])) : undefined };
}

export function toCompiledData(compiled: CompiledTaxonomy): CompiledTaxonomyData {
  return {
    concepts: compiled.concepts,
    trie: nodeData(compiled.trie),
    traps: compiled.traps,
    impliedBy: compiled.impliedBy,
    publisherByName: [...compiled.publisherByName],
    namesakeWords: [...compiled.namesakeWords],
    namesakeBefore: compiled.namesakeBefore,
    personTitleKeys: [...compiled.personTitleKeys],
  };
}

export function fromCompiledData(data: CompiledTaxonomyData): CompiledTaxonomy {
  return {
    concepts: data.concepts,
    conceptIndex: new Map(data.concepts.map((c, i) => [c.id, i] as const)),
    trie: nodeOf(data.trie),
    traps: data.traps,
    impliedBy: data.impliedBy,
    publisherByName: new Map(data.publisherByName),
    namesakeWords: new Set(data.namesakeWords),
    namesakeBefore: data.namesakeBefore,
    personTitleKeys: new Set(data.personTitleKeys),
  };
}
