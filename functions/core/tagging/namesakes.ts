/**
 * Places named after places: `Syria Street` runs through Tripoli, `Baghdad
 * Gate` stands in Raqqa, `Damascus Road` may be anywhere. A place mention
 * followed by one of the taxonomy's namesake words (capitalised, in the same
 * name) names the street or gate, not the place, so it is dropped. Facilities
 * that serve the place (`Baghdad Airport`, `Mosul Dam`) are not namesakes.
 */
import type { CompiledTaxonomy } from './compile.ts';
import type { Match } from './match.ts';
import { startsUpper, type Tokens } from './tokens.ts';

export function dropNamesakes(tokens: Tokens, matches: readonly Match[], compiled: CompiledTaxonomy): readonly Match[] {
  if (compiled.namesakeWords.size === 0) return matches;
  let kept: Match[] | undefined;
  for (const [m, match] of matches.entries()) {
    const namesake = isPlaceForm(compiled, match.target) && followedByNamesakeWord(tokens, match.endToken, compiled);
    if (namesake && kept === undefined) kept = matches.slice(0, m);
    else if (!namesake && kept !== undefined) kept.push(match);
  }
  return kept ?? matches;
}

function isPlaceForm(compiled: CompiledTaxonomy, target: number): boolean {
  if (target >= 0) return compiled.concepts[target]?.type === 'place';
  const trap = compiled.traps[-1 - target];
  return trap?.senses.some((sense) => sense.concept >= 0 && compiled.concepts[sense.concept]?.type === 'place') ?? false;
}

function followedByNamesakeWord(tokens: Tokens, next: number, compiled: CompiledTaxonomy): boolean {
  if (next >= tokens.count || !tokens.softBefore[next] || tokens.sentenceStart[next] || tokens.possessive[next - 1]) return false;
  const surface = tokens.surface[next] as string;
  return startsUpper(surface) && compiled.namesakeWords.has(tokens.key[next] as string);
}
