/**
 * Resolving trap forms (Isis, Jordan, Georgia, SDF, IS, bare surnames) from context:
 * 1. each mention is first judged by its neighbours: all-capitals surroundings
 *    (`WHAT IS NEXT`), a capitalised qualifier (`Pakistan Army`), words or
 *    phrases right before or after it (`goddess Isis`, `Isis fighters`,
 *    `Fort Stewart, Georgia`), capitalised name neighbours (`Michael Jordan`);
 * 2. once a mention is decided as a person's name, undecided mentions beside a
 *    verb of speech (`Jordan said`) are that person too;
 * 3. mentions still undecided take the sense the whole article argues for:
 *    cue words, cue concepts found elsewhere, decisive cues (weighing three,
 *    once), and the senses of the decided mentions; a sense marked
 *    `requireCue` needs at least one cue;
 * 4. ties go to the trap's default sense.
 */
import type { CompiledSense, CompiledTaxonomy, CompiledTrap } from './compile.ts';
import type { Match } from './match.ts';
import { isAllCaps, startsUpper, type Tokens } from './tokens.ts';

const UNDECIDED = -2;
/** A decisive cue outweighs a few incidental ones (a Japanese article that also names Iraq and Syria). */
const DECISIVE_WEIGHT = 3;
const REJECTED = -1;

/** Capitalised words that sit next to place names without being part of a person's name. */
const NOT_NAMES = new Set([
  'north', 'northern', 'south', 'southern', 'east', 'eastern', 'west', 'western', 'central', 'greater', 'upper',
  'lower', 'kingdom', 'hashemite', 'republic', 'neighbouring', 'neighboring', 'rural', 'coastal', 'the', 'and',
]);

export interface TrapContext {
  readonly tokens: Tokens;
  readonly matches: readonly Match[];
  /** Match index covering each token, or -1. */
  readonly coveredBy: Int32Array;
  /** Concepts named directly in the article, with everything they imply. */
  readonly presentConcepts: ReadonlySet<number>;
  /** Mentions before this character offset are in the headline, where capitalisation says nothing. */
  readonly headlineEnd: number;
}

/** For every match, the concept it stands for (its own for plain matches), or -1 when it names nothing. */
export function resolveTraps(compiled: CompiledTaxonomy, context: TrapContext): Int32Array {
  const { matches } = context;
  const resolved = new Int32Array(matches.length);
  const byTrap = new Map<number, number[]>();
  for (const [m, match] of matches.entries()) {
    if (match.target >= 0) {
      resolved[m] = match.target;
      continue;
    }
    const trap = -1 - match.target;
    const mentions = byTrap.get(trap);
    if (mentions === undefined) byTrap.set(trap, [m]);
    else mentions.push(m);
  }
  // Mentions decided by their neighbours count as present concepts for the rest (`Col. Dillion` … `Dillon`).
  const localSenses = new Map<number, number[]>();
  const present = new Set(context.presentConcepts);
  for (const [trapIndex, mentionIndexes] of byTrap) {
    const trap = compiled.traps[trapIndex] as CompiledTrap;
    const senses = mentionIndexes.map((m) => localSense(trap, matches[m] as Match, context));
    localSenses.set(trapIndex, senses);
    for (const sense of senses) {
      const concept = sense >= 0 ? (trap.senses[sense] as CompiledSense).concept : -1;
      if (concept >= 0) present.add(concept);
    }
  }
  let documentKeys: Set<string> | undefined;
  // In taxonomy order, each trap's outcome counting for the next: a full name decided by its role cue
  // makes the bare surname that follows it theirs too.
  for (const [trapIndex, mentionIndexes] of [...byTrap].sort((a, b) => a[0] - b[0])) {
    const trap = compiled.traps[trapIndex] as CompiledTrap;
    const senses = localSenses.get(trapIndex) as number[];
    if (trap.nameSense >= 0 && senses.includes(trap.nameSense)) {
      // Once `Sgt. Jordan Mercer` has appeared, a bare `Jordan` is him again (`Jordan said`, `“Jordan ran…”`),
      // whatever the rest of the article is about, unless a place preposition puts it on the map (`in Jordan`).
      for (const [i, m] of mentionIndexes.entries()) {
        if (senses[i] === UNDECIDED && refersBackToPerson(context.tokens, matches[m] as Match)) senses[i] = trap.nameSense;
      }
    }
    if (senses.includes(UNDECIDED)) {
      documentKeys ??= new Set(context.tokens.key);
      const documentSense = senseFromDocument(trap, senses, documentKeys, present);
      for (const [i, sense] of senses.entries()) if (sense === UNDECIDED) senses[i] = documentSense;
    }
    for (const [i, m] of mentionIndexes.entries()) {
      const sense = senses[i] as number;
      resolved[m] = sense === REJECTED ? -1 : (trap.senses[sense] as CompiledSense).concept;
      if (resolved[m] >= 0) present.add(resolved[m]);
    }
  }
  return resolved;
}

function localSense(trap: CompiledTrap, match: Match, context: TrapContext): number {
  const { tokens, coveredBy } = context;
  const first = match.firstToken;
  const end = match.endToken;
  const previous = tokens.sentenceStart[first] ? -1 : first - 1;
  const next = end < tokens.count && !tokens.sentenceStart[end] ? end : -1;
  if (trap.rejectInAllCaps && (shoutedWord(tokens, coveredBy, previous) || shoutedWord(tokens, coveredBy, next))) {
    return REJECTED;
  }
  if (trap.qualifierSense >= 0 && previous >= 0 && tokens.softBefore[first] && qualifier(tokens, previous)) {
    return trap.qualifierSense;
  }
  for (const [s, sense] of trap.senses.entries()) {
    if (sense.before.some((phrase) => phraseEndsAt(tokens, phrase, first))) return s;
    if (sense.after.some((phrase) => phraseStartsAt(tokens, phrase, end))) return s;
  }
  if (trap.nameSense >= 0 && match.offset >= context.headlineEnd) {
    const nameBefore = previous >= 0 && tokens.softBefore[first] && !tokens.sentenceStart[previous] && nameWord(context, previous);
    const nameAfter = next >= 0 && tokens.softBefore[next] && !tokens.possessive[end - 1] && nameWord(context, next);
    if (nameBefore || nameAfter) return trap.nameSense;
  }
  return UNDECIDED;
}

/** Verbs of speech that, next to a bare name, say it is a person talking (`Jordan said`, `said Jordan`). */
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'added', 'argued', 'asked', 'wrote', 'replied', 'insisted', 'noted', 'recalled', 'explained', 'testified', 'tweeted']);

/** Words that make the bare form that follows them a place, even after a person of that name has appeared. */
const PLACE_PREPOSITIONS = new Set(['in', 'into', 'to', 'from', 'across', 'through', 'near', 'via', 'of', 'with', 'between', 'inside', 'outside', 'towards', 'toward', 'visit', 'visited', 'visiting']);

function refersBackToPerson(tokens: Tokens, match: Match): boolean {
  if (speaks(tokens, match)) return true;
  const before = match.firstToken - 1;
  return before < 0 || tokens.sentenceStart[match.firstToken] === true || !PLACE_PREPOSITIONS.has(tokens.key[before] as string);
}

function speaks(tokens: Tokens, match: Match): boolean {
  const next = match.endToken;
  const before = match.firstToken - 1;
  const nextSpeaks = next < tokens.count && !tokens.sentenceStart[next] && SPEECH_VERBS.has(tokens.key[next] as string);
  const saidBefore = before >= 0 && !tokens.sentenceStart[match.firstToken] && SPEECH_VERBS.has(tokens.key[before] as string);
  return nextSpeaks || saidBefore;
}

/** Sentence openers and function words are capitalised without qualifying anything (`The Army said`). */
const NOT_QUALIFIERS = new Set(['the', 'a', 'an', 'and', 'but', 'our', 'its', 'his', 'her', 'their', 'this', 'that', 'in', 'on', 'for', 'from', 'with', 'by', 'of', 'to', 'as', 'at', 'when', 'while', 'after', 'before', 'said']);

function qualifier(tokens: Tokens, at: number): boolean {
  const surface = tokens.surface[at] as string;
  return /^\p{L}/u.test(surface) && startsUpper(surface) && !NOT_QUALIFIERS.has(surface.toLowerCase());
}

function shoutedWord(tokens: Tokens, coveredBy: Int32Array, at: number): boolean {
  return at >= 0 && coveredBy[at] === -1 && isAllCaps(tokens.surface[at] as string) && /^\p{L}+$/u.test(tokens.surface[at] as string);
}

function nameWord(context: TrapContext, at: number): boolean {
  const surface = context.tokens.surface[at] as string;
  return (
    context.coveredBy[at] === -1 &&
    /^\p{L}/u.test(surface) &&
    startsUpper(surface) &&
    !isAllCaps(surface) &&
    !NOT_NAMES.has(context.tokens.key[at] as string)
  );
}

function phraseEndsAt(tokens: Tokens, phrase: readonly string[], at: number): boolean {
  const from = at - phrase.length;
  if (from < 0) return false;
  for (let j = 0; j < phrase.length; j += 1) if (tokens.key[from + j] !== phrase[j]) return false;
  return !tokens.gapBefore[at]?.includes('\n');
}

function phraseStartsAt(tokens: Tokens, phrase: readonly string[], at: number): boolean {
  if (at + phrase.length > tokens.count || tokens.gapBefore[at]?.includes('\n')) return false;
  for (let j = 0; j < phrase.length; j += 1) if (tokens.key[at + j] !== phrase[j]) return false;
  return true;
}

function senseFromDocument(
  trap: CompiledTrap,
  localSenses: readonly number[],
  documentKeys: ReadonlySet<string>,
  presentConcepts: ReadonlySet<number>,
): number {
  let best = REJECTED;
  let bestScore = -1;
  for (const [s, sense] of trap.senses.entries()) {
    let score = 2 * localSenses.filter((local) => local === s).length;
    for (const cue of sense.cues) if (documentKeys.has(cue)) score += 1;
    for (const concept of sense.cueConcepts) if (presentConcepts.has(concept)) score += 1;
    const decisive =
      sense.decisiveCues.some((cue) => documentKeys.has(cue)) || sense.decisiveCueConcepts.some((concept) => presentConcepts.has(concept));
    if (decisive) score += DECISIVE_WEIGHT;
    if (sense.requireCue && score === 0) continue;
    const better = score > bestScore || (score === bestScore && s === trap.defaultSense);
    if (better) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
