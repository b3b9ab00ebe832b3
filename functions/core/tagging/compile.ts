/**
 * Compiles a validated taxonomy into the matcher's lookup structures, once per
 * container:
 * 1. every alias and trap form is tokenised with the text tokeniser and turned
 *    into a pattern (folded keys + per-word case rule);
 * 2. patterns go into a trie keyed by folded word (trie.ts), so matching an
 *    article costs a few lookups per word (bounded by the longest alias),
 *    whatever the size of the taxonomy or how many names share a first word
 *    (`Operation …`, `Abu …`, `Fort …`);
 * 3. parents and implied concepts are closed transitively;
 * 4. publishers are indexed by folded name for `resolvePublisher` only: they
 *    are never matched in text.
 * What comes out holds only what tagging reads (concepts without their aliases,
 * for one), since ingest loads it at every cold start (compiled-form.ts).
 */
import type { Concept, Taxonomy, Trap } from './taxonomy.ts';
import { TaxonomyError } from './taxonomy.ts';
import { foldLetters, isAllCaps, isArticleKey, SPELLED_ARTICLES, startsUpper, tokenize, type Tokens } from './tokens.ts';
import { ANY_CASE, CAPITALISED, type Trie, TrieBuilder } from './trie.ts';

/** What the tagger reads of a concept: the rest of it (aliases, parents, roles) is spent by compiling. */
export type CompiledConcept = Pick<Concept, 'id' | 'label' | 'type' | 'wikidata' | 'geonames' | 'mediatopics'>;

export interface CompiledSense {
  readonly name: string;
  /** Index into `concepts`, or -1 for a sense outside the taxonomy. */
  readonly concept: number;
  readonly requireCue: boolean;
  readonly before: readonly (readonly string[])[];
  readonly after: readonly (readonly string[])[];
  readonly cues: readonly string[];
  readonly cueConcepts: readonly number[];
  readonly decisiveCues: readonly string[];
  readonly decisiveCueConcepts: readonly number[];
}

export interface CompiledTrap {
  readonly form: string;
  readonly senses: readonly CompiledSense[];
  readonly defaultSense: number;
  /** Index into `senses`, or -1. */
  readonly nameSense: number;
  /** Index into `senses`, or -1. */
  readonly qualifierSense: number;
  readonly rejectInAllCaps: boolean;
}

export interface CompiledTaxonomy {
  readonly concepts: readonly CompiledConcept[];
  readonly conceptIndex: ReadonlyMap<string, number>;
  readonly trie: Trie;
  readonly traps: readonly CompiledTrap[];
  /** For each concept, every concept reachable through parent and implies (transitively). */
  readonly impliedBy: readonly (readonly number[])[];
  readonly publisherByName: ReadonlyMap<string, string>;
  /** Folded keys of the words that turn a place name into a namesake (`Street`, `Gate`). */
  readonly namesakeWords: ReadonlySet<string>;
  /** Folded phrases that, right before a place name, make it a namesake (`Strait of`). */
  readonly namesakeBefore: readonly (readonly string[])[];
  /** Folded single-word person titles (`col`, `king`): never part of a place's longer name. */
  readonly personTitleKeys: ReadonlySet<string>;
  /**
   * The names, as folded words, of every concept an acronym of the taxonomy stands for (a one-word pattern
   * in capitals names it, or a sense of its trap): a long form the taxonomy does not know may be a slip for
   * one of them (acronyms.ts). The only aliases the tagger reads once the taxonomy is compiled.
   */
  readonly acronymConceptNames: ReadonlyMap<number, readonly (readonly string[])[]>;
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const concepts = taxonomy.concepts;
  const conceptIndex = new Map(concepts.map((c, i) => [c.id, i] as const));
  const index = (id: string) => conceptIndex.get(id) ?? -1;
  const patterns = new PatternTable();
  const publisherByName = new Map<string, string>();

  for (const [i, concept] of concepts.entries()) {
    const names = concept.aliases ?? [concept.label];
    if (concept.type === 'publisher') {
      for (const name of [concept.id, concept.label, ...names]) publisherByName.set(publisherKey(name), concept.id);
      continue;
    }
    // A name with namesakes is a trap of its own (see namesakeTraps): it never matches the concept outright.
    if (concept.namesakeRole === undefined) for (const alias of names) patterns.add(alias, i);
  }

  const traps: CompiledTrap[] = [];
  const titlePhrases = taxonomy.personTitles.map(phraseKeys);
  // Full names with namesakes come before surnames, so that `Dillon` can lean on `Col. Ryan Dillon` decided first.
  for (const trap of [...(taxonomy.traps ?? []), ...namesakeTraps(taxonomy), ...surnameTraps(concepts)]) {
    const senses = trap.senses.map((sense) => ({
      name: sense.sense,
      concept: sense.concept === undefined ? -1 : index(sense.concept),
      requireCue: sense.requireCue ?? false,
      before: [...(sense.before ?? []).map(phraseKeys), ...(sense.sense === SURNAME_SENSE || sense.sense === ROLE_SENSE ? titlePhrases : [])],
      after: (sense.after ?? []).map(phraseKeys),
      cues: (sense.cues ?? []).map((cue) => phraseKeys(cue).join(' ')),
      cueConcepts: (sense.cueConcepts ?? []).map(index),
      decisiveCues: (sense.decisiveCues ?? []).map((cue) => phraseKeys(cue).join(' ')),
      decisiveCueConcepts: (sense.decisiveCueConcepts ?? []).map(index),
    }));
    patterns.add(trap.form, -1 - traps.length);
    traps.push({
      form: trap.form,
      senses,
      defaultSense: Math.max(0, trap.senses.findIndex((s) => s.default)),
      nameSense: trap.senses.findIndex((s) => s.sense === trap.nameSense),
      qualifierSense: trap.senses.findIndex((s) => s.sense === trap.qualifierSense),
      rejectInAllCaps: trap.rejectInAllCaps ?? false,
    });
  }

  const trie = patterns.build();
  return {
    concepts: concepts.map(compiledConcept),
    conceptIndex,
    trie,
    traps,
    impliedBy: closeRelations(concepts, conceptIndex),
    publisherByName,
    namesakeWords: new Set((taxonomy.namesakeWords ?? []).map((word) => phraseKeys(word).join(' '))),
    namesakeBefore: (taxonomy.namesakeBefore ?? []).map(phraseKeys),
    personTitleKeys: new Set(titlePhrases.filter((phrase) => phrase.length === 1).map((phrase) => phrase[0] as string)),
    acronymConceptNames: acronymConceptNames(concepts, trie, traps),
  };
}

function compiledConcept({ id, label, type, wikidata, geonames, mediatopics }: Concept): CompiledConcept {
  return {
    id,
    label,
    type,
    ...(wikidata === undefined ? {} : { wikidata }),
    ...(geonames === undefined ? {} : { geonames }),
    ...(mediatopics === undefined ? {} : { mediatopics }),
  };
}

/** See `CompiledTaxonomy.acronymConceptNames`: the concepts of every one-word exact pattern, directly or through its trap. */
function acronymConceptNames(concepts: readonly Concept[], trie: Trie, traps: readonly CompiledTrap[]): Map<number, string[][]> {
  const named = new Set<number>();
  for (let p = 0; p < trie.data.targets.length; p += 1) {
    if (trie.length(p) !== 1 || trie.rule(p, 0) < 0) continue;
    const target = trie.target(p);
    if (target >= 0) named.add(target);
    for (const sense of traps[-1 - target]?.senses ?? []) if (sense.concept >= 0) named.add(sense.concept);
  }
  return new Map([...named].sort((a, b) => a - b).map((i) => [i, (concepts[i]?.aliases ?? []).map(phraseKeys)]));
}

/** Folded form of a publisher name: case, diacritics, punctuation and a leading "The" ignored. */
export function publisherKey(name: string): string {
  const words = tokenize(name).surface.map(foldLetters);
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

function phraseKeys(phrase: string): string[] {
  return tokenize(phrase).key.slice();
}

const SURNAME_SENSE = 'surname';
const ROLE_SENSE = 'in-role';

/**
 * A person whose name has known namesakes is theirs only with a cue of their
 * role: a title right before the name, a role word anywhere in the article, or
 * an affiliation or topic found as a concept. Otherwise it is someone else.
 */
function namesakeTraps(taxonomy: Taxonomy): Trap[] {
  const traps: Trap[] = [];
  for (const concept of taxonomy.concepts) {
    const role = concept.namesakeRole === undefined ? undefined : taxonomy.roles?.[concept.namesakeRole];
    if (role === undefined) continue;
    for (const alias of concept.aliases ?? [concept.label]) {
      traps.push({
        form: alias,
        senses: [
          { sense: 'namesake', default: true },
          { sense: ROLE_SENSE, concept: concept.id, requireCue: true, cues: role.cues, cueConcepts: role.cueConcepts },
        ],
      });
    }
  }
  return traps;
}

/** A person's bare surname is a trap: it names them only beside a title or after the full name. */
function surnameTraps(concepts: readonly Concept[]): Trap[] {
  const byForm = new Map<string, Trap>();
  for (const concept of concepts) {
    for (const surname of concept.surnames ?? []) {
      const trap = byForm.get(surname) ?? {
        form: surname,
        senses: [{ sense: 'someone-else', default: true }],
      };
      trap.senses.push({ sense: SURNAME_SENSE, concept: concept.id, requireCue: true, cueConcepts: [concept.id] });
      byForm.set(surname, trap);
    }
  }
  return [...byForm.values()];
}

/** Aliases and trap forms as trie patterns, each signature (words and case rules) claimed by one target only. */
class PatternTable {
  private readonly trie = new TrieBuilder();
  private readonly seen = new Map<string, number>();

  add(alias: string, target: number): void {
    const tokens = tokenize(alias);
    let first = 0;
    // A leading Arabic article is optional in text (`al-Hashd al-Shaabi`, `Hashd al-Shaabi`), but
    // only when it is spelled as one (`al`, `el`) or hyphenated: `Ash Carter` keeps his first name.
    while (first < tokens.count - 1 && isLeadingArticle(tokens, first)) first += 1;
    const keys = tokens.key.slice(first);
    if (keys.length === 0) throw new TaxonomyError([`alias "${alias}" has no words`]);
    const rules = tokens.surface.slice(first).map(ruleOf);
    const signature = `${keys.join(' ')}|${rules.join(' ')}`;
    const existing = this.seen.get(signature);
    if (existing !== undefined) {
      if (existing !== target) throw new TaxonomyError([`alias "${alias}" is claimed twice (${describe(existing)} and ${describe(target)})`]);
      return;
    }
    this.seen.set(signature, target);
    this.trie.add(keys, rules, target);
  }

  build(): Trie {
    return this.trie.build();
  }
}

function isLeadingArticle(tokens: Tokens, at: number): boolean {
  if (!isArticleKey(tokens.key[at] ?? '')) return false;
  const gap = tokens.gapBefore[at + 1] ?? ' ';
  return /^[-‐‑]$/.test(gap) || SPELLED_ARTICLES.has(foldLetters(tokens.surface[at] ?? ''));
}

function describe(target: number): string {
  return target >= 0 ? `concept #${target}` : `trap #${-1 - target}`;
}

/**
 * How the text must write a word of an alias, from how the taxonomy writes it: all capitals (an acronym)
 * exactly so, as the spelling itself; capitalised (`Raqqa`) never all lowercase; lowercase in any case.
 */
function ruleOf(surface: string): string | typeof CAPITALISED | typeof ANY_CASE {
  if (isAllCaps(surface) && /\p{L}/u.test(surface)) return surface;
  return /^\p{L}/u.test(surface) && startsUpper(surface) ? CAPITALISED : ANY_CASE;
}

function closeRelations(concepts: readonly Concept[], conceptIndex: ReadonlyMap<string, number>): number[][] {
  const direct = concepts.map((c) =>
    [...(c.parent ? [c.parent] : []), ...(c.implies ?? [])].map((id) => conceptIndex.get(id) ?? -1).filter((i) => i >= 0),
  );
  return direct.map((_, start) => {
    const reached: number[] = [];
    const queue = [...(direct[start] ?? [])];
    const seen = new Set<number>([start]);
    while (queue.length > 0) {
      const next = queue.shift() as number;
      if (seen.has(next)) continue;
      seen.add(next);
      reached.push(next);
      queue.push(...(direct[next] ?? []));
    }
    return reached;
  });
}
