/**
 * The compiled taxonomy as plain JSON, so it can be compiled once at build time instead of at every
 * cold start. Validating the taxonomy (zod) and compiling its ~2,000 aliases and traps into the trie
 * takes 100 to 200 ms of a container's first request on this machine. `npm run taxonomy` writes the
 * ingest function's copy (functions/ingest/compiled-taxonomy.json), and
 * test/core/tagging/compiled-form.test.ts fails when it falls behind taxonomy.json, so the shipped file
 * is always the validated taxonomy, compiled.
 *
 * Ingest reads it at every cold start, so the form is made to be cheap to read rather than to look at:
 * the trie is already flat arrays (trie.ts), concepts carry only what tags show, and the phrase and cue
 * lists that many senses share (every surname sense has the same person titles before it, many a role
 * the same cues) are written once in `lists` and shared again when revived. Fewer, larger arrays are
 * what make JSON.parse fast and keep the import's allocations from setting off garbage collections.
 */
import type { CompiledConcept, CompiledSense, CompiledTaxonomy, CompiledTrap } from './compile.ts';
import { Trie, type TrieData } from './trie.ts';

/** The file ingest reads it from, beside its module (functions/ingest/shipped-tagger.ts) and its bundle. */
export const compiledTaxonomyFileName = 'compiled-taxonomy.json';

/** A sense with its phrase lists as indexes into `phraseLists`, its cue lists into `cueLists`. */
export interface SenseData {
  readonly name: string;
  readonly concept: number;
  readonly requireCue: boolean;
  readonly before: number;
  readonly after: number;
  readonly cues: number;
  readonly cueConcepts: readonly number[];
  readonly decisiveCues: number;
  readonly decisiveCueConcepts: readonly number[];
}

export type TrapData = Omit<CompiledTrap, 'senses'> & { readonly senses: readonly SenseData[] };

export interface CompiledTaxonomyData {
  readonly concepts: readonly CompiledConcept[];
  readonly trie: TrieData;
  /** Every distinct list of phrases (each its folded words) that senses and acronym names use, once. */
  readonly phraseLists: readonly (readonly (readonly string[])[])[];
  /** Every distinct list of cues, once. */
  readonly cueLists: readonly (readonly string[])[];
  readonly traps: readonly TrapData[];
  readonly impliedBy: CompiledTaxonomy['impliedBy'];
  readonly publisherByName: readonly (readonly [key: string, id: string])[];
  readonly namesakeWords: readonly string[];
  readonly namesakeBefore: CompiledTaxonomy['namesakeBefore'];
  readonly personTitleKeys: readonly string[];
  /** Each concept with its names (index into `phraseLists`). */
  readonly acronymConceptNames: readonly (readonly [concept: number, names: number])[];
}

/** Numbers each distinct list, in the order first seen. */
class ListTable<T> {
  readonly lists: T[] = [];
  private readonly index = new Map<string, number>();

  add(list: T): number {
    const key = JSON.stringify(list);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.lists.length;
      this.lists.push(list);
      this.index.set(key, i);
    }
    return i;
  }
}

export function toCompiledData(compiled: CompiledTaxonomy): CompiledTaxonomyData {
  const phrases = new ListTable<readonly (readonly string[])[]>();
  const cues = new ListTable<readonly string[]>();
  const traps = compiled.traps.map(
    (trap): TrapData => ({
      ...trap,
      senses: trap.senses.map((sense) => ({
        ...sense,
        before: phrases.add(sense.before),
        after: phrases.add(sense.after),
        cues: cues.add(sense.cues),
        decisiveCues: cues.add(sense.decisiveCues),
      })),
    }),
  );
  const acronymConceptNames = [...compiled.acronymConceptNames].map(([concept, names]) => [concept, phrases.add(names)] as const);
  return {
    concepts: compiled.concepts,
    trie: compiled.trie.data,
    phraseLists: phrases.lists,
    cueLists: cues.lists,
    traps,
    impliedBy: compiled.impliedBy,
    publisherByName: [...compiled.publisherByName],
    namesakeWords: [...compiled.namesakeWords],
    namesakeBefore: compiled.namesakeBefore,
    personTitleKeys: [...compiled.personTitleKeys],
    acronymConceptNames,
  };
}

export function fromCompiledData(data: CompiledTaxonomyData): CompiledTaxonomy {
  const { phraseLists, cueLists } = data;
  const traps = data.traps.map(
    (trap): CompiledTrap => ({
      ...trap,
      senses: trap.senses.map(
        (sense): CompiledSense => ({
          ...sense,
          before: phraseLists[sense.before] ?? [],
          after: phraseLists[sense.after] ?? [],
          cues: cueLists[sense.cues] ?? [],
          decisiveCues: cueLists[sense.decisiveCues] ?? [],
        }),
      ),
    }),
  );
  // Plain loops where there are hundreds of items: uncompiled, `entries()` and pairs allocate more than the Maps (trie.ts).
  const conceptIndex = new Map<string, number>();
  for (let i = 0; i < data.concepts.length; i += 1) conceptIndex.set((data.concepts[i] as CompiledConcept).id, i);
  const acronymConceptNames = new Map<number, readonly (readonly string[])[]>();
  for (const [concept, names] of data.acronymConceptNames) acronymConceptNames.set(concept, phraseLists[names] ?? []);
  return {
    concepts: data.concepts,
    conceptIndex,
    trie: new Trie(data.trie),
    traps,
    impliedBy: data.impliedBy,
    publisherByName: new Map(data.publisherByName),
    namesakeWords: new Set(data.namesakeWords),
    namesakeBefore: data.namesakeBefore,
    personTitleKeys: new Set(data.personTitleKeys),
    acronymConceptNames,
  };
}
