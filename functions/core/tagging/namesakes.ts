/**
 * Places named after places. A place name inside a longer capitalised name
 * takes the longer name's sense: `Syria Street` runs through Tripoli, `Baghdad
 * Gate` stands in Raqqa, `Little Syria` was a Manhattan neighbourhood, the
 * `Strait of Georgia` is in Canada. Such a mention is dropped, so neither the
 * place nor anything it implies (its country) is tagged.
 * 1. a namesake word after the place, in the same name (`Street`, `Gate`: the
 *    taxonomy's `namesakeWords`);
 * 2. a namesake phrase before it (`Strait of`, `Gulf of`: `namesakeBefore`);
 * 3. in running text, any capitalised word right before it in the same name
 *    (`Little Syria`, `Radio Damascus`), unless it only qualifies the place
 *    (`Northern Syria`, `Greater Baghdad`, `Kurdish Kobani`), is a title, an
 *    acronym, a possessive (`Assad's Syria`) or another taxonomy name; a word
 *    opening the sentence counts unless it reads as an opener (`In`, `Across`,
 *    `Leaving`, `Besieged`, `Recently`); headlines are title case, so there a
 *    preceding word counts only when the body already showed it making a
 *    namesake of the same place.
 * Facilities that serve the place (`Baghdad Airport`, `Mosul Dam`, `Raqqa
 * Civil Council`) are not namesakes: words after the place count only from the list.
 */
import type { CompiledTaxonomy } from './compile.ts';
import type { Match } from './match.ts';
import { foldLetters, isAllCaps, isArticleKey, startsUpper, type Tokens } from './tokens.ts';

/** Capitalised words that say which part or kind of the place is meant, not a different place (folded keys). */
const QUALIFIERS = new Set([
  'north', 'northern', 'south', 'southern', 'east', 'eastern', 'west', 'western', 'central', 'greater', 'upper', 'lower',
  'northeast', 'northwest', 'southeast', 'southwest', 'northeastern', 'northwestern', 'southeastern', 'southwestern',
  'rural', 'coastal', 'downtown', 'inner', 'outer', 'old', 'federal', 'postwar', 'prewar', 'modern', 'ancient',
  'kurdish', 'arab', 'sunni', 'shiite', 'shia', 'christian', 'yazidi', 'turkmen', 'assyrian', 'druze', 'alawite',
  'mount', 'jebel', 'jabal', 'camp', 'province', 'governorate', 'city', 'the', 'and', 'or', 'of', 'in', 'to',
]);

/** Words that open a sentence before a place name without being part of it (folded keys). */
const OPENERS = new Set([
  'in', 'inside', 'outside', 'across', 'from', 'to', 'near', 'around', 'throughout', 'within', 'beyond', 'like', 'unlike',
  'for', 'with', 'without', 'after', 'before', 'since', 'until', 'along', 'into', 'over', 'under', 'through', 'toward',
  'towards', 'via', 'at', 'on', 'by', 'about', 'against', 'between', 'among', 'and', 'but', 'or', 'so', 'yet', 'nor', 'a',
  'an', 'this', 'that', 'these', 'those', 'today', 'now', 'then', 'here', 'there', 'meanwhile', 'elsewhere', 'while',
  'when', 'where', 'as', 'if', 'though', 'although', 'because', 'once', 'whether', 'postwar', 'prewar', 'only', 'even',
  'all', 'both', 'every', 'each', 'why', 'how', 'what', 'who', 'which', 'yesterday', 'tomorrow', 'tonight',
]);

export function dropNamesakes(tokens: Tokens, matches: readonly Match[], compiled: CompiledTaxonomy, headlineEnd = 0): readonly Match[] {
  let kept: Match[] | undefined;
  const bodyNamesakes = new Set<string>();
  const verdicts = matches.map((match, m) => {
    if (!isPlaceForm(compiled, match.target)) return false;
    const previous = m > 0 ? (matches[m - 1] as Match) : undefined;
    const namesake =
      followedByNamesakeWord(tokens, match.endToken, compiled) ||
      precededByNamesakePhrase(tokens, match.firstToken, compiled) ||
      (match.offset >= headlineEnd && !readsAsPersonName(compiled, match.target) && precededByNameWord(tokens, match.firstToken, previous, compiled));
    if (namesake && match.offset >= headlineEnd) bodyNamesakes.add(neighbourKey(tokens, match));
    return namesake;
  });
  for (const [m, match] of matches.entries()) {
    // Title case hides names in a headline; the body's reading of the same words decides.
    const namesake = verdicts[m] || (match.offset < headlineEnd && isPlaceForm(compiled, match.target) && bodyNamesakes.has(neighbourKey(tokens, match)));
    if (namesake && kept === undefined) kept = matches.slice(0, m);
    else if (!namesake && kept !== undefined) kept.push(match);
  }
  return kept ?? matches;
}

const neighbourKey = (tokens: Tokens, match: Match) => `${match.target} ${tokens.key[match.firstToken - 1] ?? ''}`;

function isPlaceForm(compiled: CompiledTaxonomy, target: number): boolean {
  if (target >= 0) return compiled.concepts[target]?.type === 'place';
  const trap = compiled.traps[-1 - target];
  return trap?.senses.some((sense) => sense.concept >= 0 && compiled.concepts[sense.concept]?.type === 'place') ?? false;
}

/** Forms that can be a person's name (`Jordan`, `Georgia`) are left to the trap, which reads `Jim Jordan` as a person. */
function readsAsPersonName(compiled: CompiledTaxonomy, target: number): boolean {
  return target < 0 && (compiled.traps[-1 - target]?.nameSense ?? -1) >= 0;
}

function followedByNamesakeWord(tokens: Tokens, next: number, compiled: CompiledTaxonomy): boolean {
  if (compiled.namesakeWords.size === 0) return false;
  if (next >= tokens.count || !tokens.softBefore[next] || tokens.sentenceStart[next] || tokens.possessive[next - 1]) return false;
  const surface = tokens.surface[next] as string;
  return startsUpper(surface) && compiled.namesakeWords.has(tokens.key[next] as string);
}

function precededByNamesakePhrase(tokens: Tokens, first: number, compiled: CompiledTaxonomy): boolean {
  for (const phrase of compiled.namesakeBefore) {
    const from = first - phrase.length;
    if (from < 0 || !startsUpper(tokens.surface[from] as string)) continue;
    let fits = true;
    for (let j = 0; j < phrase.length && fits; j += 1) fits = tokens.key[from + j] === phrase[j] && (j === 0 || tokens.softBefore[from + j] === true);
    if (fits && tokens.softBefore[first]) return true;
  }
  return false;
}

function precededByNameWord(tokens: Tokens, first: number, previous: Match | undefined, compiled: CompiledTaxonomy): boolean {
  const p = first - 1;
  if (p < 0 || tokens.sentenceStart[first] || !/^ +$/.test(tokens.gapBefore[first] as string)) return false;
  const word = foldLetters(tokens.surface[p] as string);
  if (tokens.sentenceStart[p] && (OPENERS.has(word) || /(?:ing|ed|ly)$/.test(word))) return false;
  if (previous !== undefined && previous.endToken > p) return false;
  const surface = tokens.surface[p] as string;
  if (!/^\p{L}+$/u.test(surface) || !startsUpper(surface) || isAllCaps(surface) || tokens.possessive[p]) return false;
  return !QUALIFIERS.has(word) && !isArticleKey(tokens.key[p] as string) && !compiled.personTitleKeys.has(tokens.key[p] as string);
}
