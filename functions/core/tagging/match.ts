/**
 * The matching pass: one left-to-right walk over the tokens. From each word
 * the trie is followed as long as the next words continue some alias with only
 * spaces or dashes between them; the longest alias whose case rules hold wins,
 * and the walk resumes after it. Cost per article is proportional to its words
 * (times the longest alias), not to the number of concepts.
 */
import { CaseRule, type CompiledTaxonomy, type Pattern, type TrieNode } from './compile.ts';
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
  const roots = compiled.trie.next;
  if (roots === undefined) return matches;
  let i = 0;
  while (i < tokens.count) {
    let node: TrieNode | undefined = roots.get(tokens.key[i] as string);
    let found: Pattern | undefined;
    let end = i;
    for (let j = i; node !== undefined; ) {
      const fitting = node.patterns === undefined ? undefined : firstFitting(node.patterns, tokens, i);
      if (fitting !== undefined) {
        found = fitting;
        end = j + 1;
      }
      j += 1;
      node = j < tokens.count && tokens.softBefore[j] ? node.next?.get(tokens.key[j] as string) : undefined;
    }
    if (found === undefined) {
      i += 1;
      continue;
    }
    matches.push({ target: found.target, firstToken: i, endToken: end, offset: mentionOffset(tokens, i) });
    i = end;
  }
  return matches;
}

function firstFitting(candidates: readonly Pattern[], tokens: Tokens, at: number): Pattern | undefined {
  for (const pattern of candidates) {
    let fits = true;
    for (let j = 0; j < pattern.cases.length && fits; j += 1) {
      fits = caseFits(pattern.cases[j] as CaseRule, pattern.surfaces[j] as string, tokens.surface[at + j] as string);
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
