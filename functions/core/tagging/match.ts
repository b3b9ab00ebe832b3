/**
 * The matching pass: one left-to-right walk over the tokens. At each word the
 * patterns starting with its key are tried longest first; the first one whose
 * words follow with only spaces or dashes between them and whose case rules
 * hold wins, and the walk resumes after it. Cost per article is proportional
 * to its words (times the few patterns sharing a first word), not to the
 * number of concepts.
 */
import { CaseRule, type CompiledTaxonomy, type Pattern } from './compile.ts';
import { foldLetters, isArticleKey, SPELLED_ARTICLES, startsUpper, type Tokens } from './tokens.ts';

export interface Match {
  /** Concept index (>= 0) or `-1 - trapIndex`. */
  readonly target: number;
  readonly firstToken: number;
  /** Exclusive. */
  readonly endToken: number;
  /** Character offset of the mention, including a hyphenated Arabic article (`Ar-Raqqah`). */
  readonly offset: number;
}

export function findMatches(tokens: Tokens, compiled: CompiledTaxonomy): Match[] {
  const matches: Match[] = [];
  const { key } = tokens;
  let i = 0;
  while (i < tokens.count) {
    const candidates = compiled.patternsByFirstKey.get(key[i] as string);
    const pattern = candidates === undefined ? undefined : firstFitting(candidates, tokens, i);
    if (pattern === undefined) {
      i += 1;
      continue;
    }
    matches.push({
      target: pattern.target,
      firstToken: i,
      endToken: i + pattern.keys.length,
      offset: mentionOffset(tokens, i),
    });
    i += pattern.keys.length;
  }
  return matches;
}

function firstFitting(candidates: readonly Pattern[], tokens: Tokens, at: number): Pattern | undefined {
  for (const pattern of candidates) {
    const length = pattern.keys.length;
    if (at + length > tokens.count) continue;
    let fits = true;
    for (let j = 0; j < length && fits; j += 1) {
      const t = at + j;
      if (j > 0 && (tokens.key[t] !== pattern.keys[j] || !tokens.softBefore[t])) fits = false;
      else fits = caseFits(pattern.cases[j] as CaseRule, pattern.surfaces[j] as string, tokens.surface[t] as string);
    }
    if (fits) return pattern;
  }
  return undefined;
}

function caseFits(rule: CaseRule, expected: string, actual: string): boolean {
  if (rule === CaseRule.Any) return true;
  if (rule === CaseRule.Capitalised) return startsUpper(actual);
  return actual === expected;
}

/** `Ar-Raqqah`, `al-Qaeda`, `Al Qaeda`: the mention starts at the article, which the pattern leaves optional. */
function mentionOffset(tokens: Tokens, at: number): number {
  const before = at - 1;
  if (before < 0 || !isArticleKey(tokens.key[before] as string) || !tokens.softBefore[at]) {
    return tokens.start[at] as number;
  }
  const hyphenated = /^[-‐‑]$/.test(tokens.gapBefore[at] as string);
  return hyphenated || SPELLED_ARTICLES.has(foldLetters(tokens.surface[before] as string))
    ? (tokens.start[before] as number)
    : (tokens.start[at] as number);
}
