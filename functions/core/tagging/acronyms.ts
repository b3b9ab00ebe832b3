/**
 * Acronyms the article defines for itself. Writers introduce an acronym once,
 * `Long Form (ACR)` or `ACR (Long Form)`, and then use it bare; the definition
 * beats both the taxonomy's own reading of the acronym and any context vote.
 * 1. find definitions: an all-capitals word alone in brackets right after (or
 *    right before) a long form whose word initials spell it, or a taxonomy
 *    mention whose concept the acronym can already name (`Islamic State (ISIS)`);
 *    or joined to its long form by a linking phrase (`ISF, or Internal Security
 *    Forces`, `SDF, short for signed distance field`, `Internal Security Forces,
 *    known as ISF`);
 * 2. bind the acronym to the concept of a taxonomy mention covering the whole
 *    long form, or to nothing when the long form is not a taxonomy name
 *    (`Southern Defence Front (SDF)` is not the Syrian Democratic Forces)
 *    unless it is a near miss of a name the acronym stands for (same first,
 *    owning word: `Syrian Defense Forces`, never `Internal Security Forces`);
 * 3. rewrite every bare mention of the acronym: from a definition on, the latest
 *    definition holds; mentions before the first (a headline) take the first.
 */
import type { CompiledTaxonomy } from './compile.ts';
import type { Match } from './match.ts';
import { cachedKeyOf, foldLetters, isAllCaps, type Tokens } from './tokens.ts';
import { ROOT } from './trie.ts';

/** Bound to no concept: the acronym names something outside the taxonomy. */
const NOTHING = -1;
const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]{1,9}$/u;
const OPENS_BRACKET = /^[ \t]*\($/;
const CLOSES_BRACKET = /^[ \t]*\)/;
/** Words a long form may carry that acronyms usually leave out (`Islamic State of Iraq and the Levant`). */
/** Phrases that join an acronym and its long form, either way round (`ISF, or Internal Security Forces`). */
const LINKS_AFTER_ACRONYM = [['or'], ['short', 'for'], ['stands', 'for'], ['which', 'stands', 'for'], ['meaning'], ['for']];
const LINKS_BEFORE_ACRONYM = [['or'], ['known', 'as'], ['also', 'known', 'as'], ['called'], ['dubbed'], ['abbreviated']];
const SKIPPABLE = new Set(['of', 'and', 'the', 'in', 'for', 'on', 'to', 'a', 'an', 'al', 'el', 'de', 'du', 'des', 'la', 'le', 'fi', 'wa', 'und', 'et']);

interface Definition {
  readonly surface: string;
  /** The acronym's own token: the binding holds from here on. */
  readonly at: number;
  readonly concept: number;
}

/** The matches with every bare mention of an in-text-defined acronym bound to its definition. */
export function applyAcronymDefinitions(tokens: Tokens, matches: readonly Match[], compiled: CompiledTaxonomy): readonly Match[] {
  // Most articles define nothing: the coverage map is built only once a bracket or a linked acronym needs it.
  const bracketed = tokens.gapBefore.some((gap) => gap.endsWith('('));
  const acronyms = matches.filter((match) => match.endToken - match.firstToken === 1 && isAllCaps(tokens.surface[match.firstToken] as string));
  if (!bracketed && acronyms.length === 0) return matches;
  let covered: Int32Array | undefined;
  const coveredFor = () => (covered ??= coverage(tokens, matches));
  const definitions = linkedDefinitions(tokens, acronyms, matches, coveredFor, compiled);
  if (bracketed) definitions.push(...findDefinitions(tokens, matches, coveredFor(), compiled));
  if (definitions.length === 0) return matches;
  definitions.sort((a, b) => a.at - b.at);
  const coveredBy = coveredFor();
  const bySurface = new Map<string, Definition[]>();
  for (const definition of definitions) {
    const list = bySurface.get(definition.surface);
    if (list === undefined) bySurface.set(definition.surface, [definition]);
    else list.push(definition);
  }
  const replaced = new Map<number, number>();
  const added: Match[] = [];
  for (let i = 0; i < tokens.count; i += 1) {
    const list = bySurface.get(tokens.surface[i] as string);
    if (list === undefined) continue;
    const concept = bindingAt(list, i);
    const m = coveredBy[i] as number;
    if (m === -1) {
      if (concept !== NOTHING) added.push({ target: concept, firstToken: i, endToken: i + 1, offset: tokens.start[i] as number });
    } else if ((matches[m] as Match).endToken - (matches[m] as Match).firstToken === 1) {
      replaced.set(m, concept);
    }
  }
  const result: Match[] = [];
  for (const [m, match] of matches.entries()) {
    const concept = replaced.get(m);
    if (concept === undefined) result.push(match);
    else if (concept !== NOTHING) result.push({ ...match, target: concept });
  }
  if (added.length === 0) return result;
  return [...result, ...added].sort((a, b) => a.firstToken - b.firstToken);
}

export function coverage(tokens: Tokens, matches: readonly Match[]): Int32Array {
  const coveredBy = new Int32Array(tokens.count).fill(-1);
  for (const [m, match] of matches.entries()) {
    for (let t = match.firstToken; t < match.endToken; t += 1) coveredBy[t] = m;
  }
  return coveredBy;
}

function bindingAt(definitions: readonly Definition[], token: number): number {
  let binding = (definitions[0] as Definition).concept;
  for (const definition of definitions) if (definition.at <= token) binding = definition.concept;
  return binding;
}

function findDefinitions(tokens: Tokens, matches: readonly Match[], coveredBy: Int32Array, compiled: CompiledTaxonomy): Definition[] {
  const definitions: Definition[] = [];
  for (let t = 1; t < tokens.count; t += 1) {
    const gap = tokens.gapBefore[t] as string;
    if (gap.length === 0 || gap.charCodeAt(gap.length - 1) !== 40 /* ( */ || !OPENS_BRACKET.test(gap)) continue;
    const surface = tokens.surface[t] as string;
    const closes = t + 1 < tokens.count ? CLOSES_BRACKET.test(tokens.gapBefore[t + 1] as string) : false;
    if (ACRONYM.test(surface) && isAllCaps(surface) && closes) {
      // `Long Form (ACR)`
      const concept = conceptForLongForm(tokens, matches, coveredBy, compiled, surface, t - 1);
      if (concept !== undefined) definitions.push({ surface, at: t, concept });
      continue;
    }
    // `ACR (Long Form)`
    const acronym = tokens.surface[t - 1] as string;
    const m = coveredBy[t] as number;
    if (!ACRONYM.test(acronym) || !isAllCaps(acronym) || m === -1) continue;
    const match = matches[m] as Match;
    const end = match.endToken;
    if (match.firstToken !== t || match.target < 0 || end >= tokens.count || !CLOSES_BRACKET.test(tokens.gapBefore[end] as string)) continue;
    if (initialsStart(tokens, acronym, end - 1) === t || canName(compiled, acronym, match.target)) {
      definitions.push({ surface: acronym, at: t - 1, concept: match.target });
    }
  }
  definitions.push(...bracketedLongForms(tokens, matches, coveredBy, compiled, definitions));
  return definitions;
}

/** `ISF (Internal Security Forces)`, where the bracket holds a long form the taxonomy does not know. */
function bracketedLongForms(
  tokens: Tokens,
  matches: readonly Match[],
  coveredBy: Int32Array,
  compiled: CompiledTaxonomy,
  found: readonly Definition[],
): Definition[] {
  const definitions: Definition[] = [];
  for (let t = 1; t < tokens.count; t += 1) {
    const gap = tokens.gapBefore[t] as string;
    if (gap.length === 0 || gap.charCodeAt(gap.length - 1) !== 40 /* ( */ || !OPENS_BRACKET.test(gap)) continue;
    const acronym = tokens.surface[t - 1] as string;
    if (!ACRONYM.test(acronym) || !isAllCaps(acronym) || found.some((d) => d.at === t - 1)) continue;
    const end = initialsEnd(tokens, acronym, t);
    if (end === undefined || end >= tokens.count || !CLOSES_BRACKET.test(tokens.gapBefore[end] as string)) continue;
    definitions.push({ surface: acronym, at: t - 1, concept: conceptOfWords(tokens, matches, coveredBy, compiled, acronym, t, end - 1) });
  }
  return definitions;
}

/**
 * `ISF, or Internal Security Forces`; `signed distance fields, or SDF`; `the Internal Security Forces, known as ISF`.
 * Only acronyms the taxonomy matched can be misread, so only their neighbours are looked at.
 */
function linkedDefinitions(
  tokens: Tokens,
  acronyms: readonly Match[],
  matches: readonly Match[],
  coveredBy: () => Int32Array,
  compiled: CompiledTaxonomy,
): Definition[] {
  const definitions: Definition[] = [];
  for (const { firstToken: i } of acronyms) {
    const acronym = tokens.surface[i] as string;
    if (!ACRONYM.test(acronym)) continue;
    const after = linkEnd(tokens, i + 1, LINKS_AFTER_ACRONYM);
    const end = after === undefined ? undefined : initialsEnd(tokens, acronym, after);
    if (after !== undefined && end !== undefined) {
      definitions.push({ surface: acronym, at: i, concept: conceptOfWords(tokens, matches, coveredBy(), compiled, acronym, after, end - 1) });
      continue;
    }
    const before = linkStart(tokens, i, LINKS_BEFORE_ACRONYM);
    const start = before === undefined ? undefined : initialsStart(tokens, acronym, before - 1);
    if (before !== undefined && start !== undefined) {
      definitions.push({ surface: acronym, at: i, concept: conceptOfWords(tokens, matches, coveredBy(), compiled, acronym, start, before - 1) });
    }
  }
  return definitions;
}

/** The token after a link phrase starting at `at`, set off by a comma or dash before it, or undefined. */
function linkEnd(tokens: Tokens, at: number, links: readonly (readonly string[])[]): number | undefined {
  if (at >= tokens.count || !/^\s*[,–—(-]\s*$/.test(tokens.gapBefore[at] as string)) return undefined;
  for (const link of links) {
    if (link.every((word, k) => plainWord(tokens, at + k) === word && (k === 0 || tokens.softBefore[at + k]))) {
      const next = at + link.length;
      return next < tokens.count && /^\s+$/.test(tokens.gapBefore[next] as string) ? next : undefined;
    }
  }
  return undefined;
}

/** The first token of a link phrase ending right before `acronym`, after a comma or dash, or undefined. */
function linkStart(tokens: Tokens, acronym: number, links: readonly (readonly string[])[]): number | undefined {
  for (const link of links) {
    const first = acronym - link.length;
    if (first < 1 || !/^\s+$/.test(tokens.gapBefore[acronym] as string)) continue;
    if (!link.every((word, k) => plainWord(tokens, first + k) === word && (k === 0 || tokens.softBefore[first + k]))) continue;
    if (/^\s*[,–—(-]\s*$/.test(tokens.gapBefore[first] as string)) return first;
  }
  return undefined;
}

/** A word's letters, lowercase: keys fold `as` to the Arabic article and `across` to `acros`. */
const plainWord = (tokens: Tokens, at: number) => (at < tokens.count ? foldLetters(tokens.surface[at] as string) : '');

/** The end (exclusive) of the long form starting at `first` whose word initials spell `acronym`, or undefined. */
function initialsEnd(tokens: Tokens, acronym: string, first: number): number | undefined {
  const letters = foldLetters(acronym);
  let k = 0;
  let j = first;
  let words = 0;
  while (k < letters.length && j < tokens.count) {
    if (j > first && !tokens.softBefore[j]) return undefined;
    const word = foldLetters(tokens.surface[j] as string);
    if (word[0] === letters[k]) {
      k += 1;
      words += 1;
    } else if (!SKIPPABLE.has(word) || j === first) {
      return undefined;
    }
    j += 1;
  }
  return k === letters.length && words >= 2 ? j : undefined;
}

/** The concept the words `start..last` name: a taxonomy mention spanning them, a near miss, or NOTHING. */
function conceptOfWords(
  tokens: Tokens,
  matches: readonly Match[],
  coveredBy: Int32Array,
  compiled: CompiledTaxonomy,
  acronym: string,
  start: number,
  last: number,
): number {
  const m = coveredBy[start] as number;
  const match = m === -1 ? undefined : (matches[m] as Match);
  if (match !== undefined && match.firstToken === start && match.endToken === last + 1 && match.target >= 0) return match.target;
  return misnamedConcept(tokens, compiled, acronym, start, last) ?? NOTHING;
}

/** The concept `acronym` is defined as by the words ending at `last`, NOTHING, or undefined when they do not define it. */
function conceptForLongForm(
  tokens: Tokens,
  matches: readonly Match[],
  coveredBy: Int32Array,
  compiled: CompiledTaxonomy,
  acronym: string,
  last: number,
): number | undefined {
  const m = coveredBy[last] as number;
  const match = m === -1 ? undefined : (matches[m] as Match);
  const endsHere = match !== undefined && match.endToken === last + 1;
  const start = initialsStart(tokens, acronym, last);
  if (start !== undefined) {
    // A taxonomy name ending the long form and spanning it, or most of it (`Japanese Ground Self-Defense Force`).
    const spans = endsHere && (match.firstToken <= start || match.endToken - match.firstToken >= 2);
    if (spans) return match.target >= 0 ? match.target : undefined;
    return misnamedConcept(tokens, compiled, acronym, start, last) ?? NOTHING;
  }
  if (endsHere && match.target >= 0 && canName(compiled, acronym, match.target)) return match.target;
  return undefined;
}

/**
 * The first token of the long form ending at `last` whose word initials spell
 * `acronym` (function words may be skipped), or undefined. Needs two words at least.
 */
function initialsStart(tokens: Tokens, acronym: string, last: number): number | undefined {
  const letters = foldLetters(acronym);
  let k = letters.length - 1;
  let j = last;
  let words = 0;
  while (k >= 0 && j >= 0) {
    if (j < last && !tokens.softBefore[j + 1]) return undefined;
    const word = foldLetters(tokens.surface[j] as string);
    if (word[0] === letters[k]) {
      k -= 1;
      words += 1;
    } else if (!SKIPPABLE.has(word)) {
      return undefined;
    }
    j -= 1;
  }
  return k < 0 && words >= 2 ? j + 1 : undefined;
}

/** Whether the taxonomy already lets `acronym` name `concept`, directly or as a sense of a trap. */
function canName(compiled: CompiledTaxonomy, acronym: string, concept: number): boolean {
  return namedBy(compiled, acronym).includes(concept);
}

/**
 * Concepts the taxonomy lets `acronym` name, directly or as senses of a trap: its one-word patterns that
 * spell it exactly. An acronym here is all capitals, so only an exact rule can spell it.
 */
function namedBy(compiled: CompiledTaxonomy, acronym: string): number[] {
  const { trie } = compiled;
  const node = trie.child(ROOT, cachedKeyOf(acronym));
  const concepts: number[] = [];
  if (node < 0) return concepts;
  for (let pattern = trie.patternsFrom(node), last = trie.patternsFrom(node + 1); pattern < last; pattern += 1) {
    const rule = trie.rule(pattern, 0);
    if (trie.length(pattern) !== 1 || rule < 0 || trie.surface(rule) !== acronym) continue;
    const target = trie.target(pattern);
    if (target >= 0) concepts.push(target);
    for (const sense of compiled.traps[-1 - target]?.senses ?? []) if (sense.concept >= 0) concepts.push(sense.concept);
  }
  return concepts;
}

/**
 * A long form the taxonomy does not know may still be a slip for the name the
 * acronym usually stands for (`Syrian Defense Forces (SDF)`): same word count
 * and most words shared with one of that concept's names.
 */
function misnamedConcept(tokens: Tokens, compiled: CompiledTaxonomy, acronym: string, start: number, last: number): number | undefined {
  const words = tokens.key.slice(start, last + 1);
  for (const concept of namedBy(compiled, acronym)) {
    for (const nameWords of compiled.acronymConceptNames.get(concept) ?? []) {
      if (nameWords.length !== words.length) continue;
      const shared = nameWords.filter((word, i) => words[i] === word).length;
      // The first word says whose force it is (`Iraqi`, `Syrian`): a slip never changes the owner.
      if (words[0] === nameWords[0] && shared * 3 >= nameWords.length * 2) return concept;
    }
  }
  return undefined;
}
