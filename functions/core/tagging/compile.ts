/**
 * Compiles a validated taxonomy into the matcher's lookup structures, once per
 * container:
 * 1. every alias and trap form is tokenised with the text tokeniser and turned
 *    into a pattern (folded keys + per-word case rule);
 * 2. patterns go into a trie keyed by folded word, so matching an article
 *    costs a few hash lookups per word (bounded by the longest alias), whatever
 *    the size of the taxonomy or how many names share a first word
 *    (`Operation …`, `Abu …`, `Fort …`);
 * 3. parents and implied concepts are closed transitively;
 * 4. publishers are indexed by folded name for `resolvePublisher` only: they
 *    are never matched in text.
 */
import type { Concept, Taxonomy, Trap } from './taxonomy.ts';
import { TaxonomyError } from './taxonomy.ts';
import { foldLetters, isAllCaps, isArticleKey, SPELLED_ARTICLES, startsUpper, tokenize, type Tokens } from './tokens.ts';

/** How one word of a pattern must be written in the text. */
export const CaseRule = {
  /** Lowercase in the taxonomy: any case in the text. */
  Any: 0,
  /** Capitalised in the taxonomy: the text word must not start in lowercase. */
  Capitalised: 1,
  /** All capitals in the taxonomy (an acronym): exactly the same letters and case. */
  Exact: 2,
} as const;
export type CaseRule = (typeof CaseRule)[keyof typeof CaseRule];

export interface Pattern {
  readonly keys: readonly string[];
  readonly cases: readonly CaseRule[];
  readonly surfaces: readonly string[];
  /** Index into `concepts` (>= 0) or `-1 - trapIndex` for a trap form. */
  readonly target: number;
  readonly exactWords: number;
}

/** One trie node: the patterns whose words end here, and the words that may follow. */
export interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  /** Same words, different case rules or targets; exact (acronym) patterns first. */
  patterns: Pattern[] | undefined;
}

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
  readonly concepts: readonly Concept[];
  readonly conceptIndex: ReadonlyMap<string, number>;
  readonly trie: TrieNode;
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

  return {
    concepts,
    conceptIndex,
    trie: patterns.build(),
    traps,
    impliedBy: closeRelations(concepts, conceptIndex),
    publisherByName,
    namesakeWords: new Set((taxonomy.namesakeWords ?? []).map((word) => phraseKeys(word).join(' '))),
    namesakeBefore: (taxonomy.namesakeBefore ?? []).map(phraseKeys),
    personTitleKeys: new Set(titlePhrases.filter((phrase) => phrase.length === 1).map((phrase) => phrase[0] as string)),
  };
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

class PatternTable {
  private readonly root: TrieNode = { next: undefined, patterns: undefined };
  private readonly seen = new Map<string, number>();

  add(alias: string, target: number): void {
    const tokens = tokenize(alias);
    let first = 0;
    // A leading Arabic article is optional in text (`al-Hashd al-Shaabi`, `Hashd al-Shaabi`), but
    // only when it is spelled as one (`al`, `el`) or hyphenated: `Ash Carter` keeps his first name.
    while (first < tokens.count - 1 && isLeadingArticle(tokens, first)) first += 1;
    const surfaces = tokens.surface.slice(first);
    const keys = tokens.key.slice(first);
    if (keys.length === 0) throw new TaxonomyError([`alias "${alias}" has no words`]);
    const cases = surfaces.map(caseRuleOf);
    const signature = `${keys.join(' ')}|${cases.map((c, i) => (c === CaseRule.Exact ? surfaces[i] : c)).join(' ')}`;
    const existing = this.seen.get(signature);
    if (existing !== undefined) {
      if (existing !== target) throw new TaxonomyError([`alias "${alias}" is claimed twice (${describe(existing)} and ${describe(target)})`]);
      return;
    }
    this.seen.set(signature, target);
    let node = this.root;
    for (const key of keys) {
      node.next ??= new Map();
      let child = node.next.get(key);
      if (child === undefined) {
        child = { next: undefined, patterns: undefined };
        node.next.set(key, child);
      }
      node = child;
    }
    const exactWords = cases.filter((c) => c === CaseRule.Exact).length;
    node.patterns ??= [];
    node.patterns.push({ keys, cases, surfaces, target, exactWords });
    node.patterns.sort((a, b) => b.exactWords - a.exactWords || b.target - a.target);
  }

  build(): TrieNode {
    return this.root;
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

function caseRuleOf(surface: string): CaseRule {
  if (isAllCaps(surface) && /\p{L}/u.test(surface)) return CaseRule.Exact;
  return /^\p{L}/u.test(surface) && startsUpper(surface) ? CaseRule.Capitalised : CaseRule.Any;
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
