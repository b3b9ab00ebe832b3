/**
 * The matching pass: one left-to-right walk over the tokens. From each word
 * the trie is followed as long as the next words continue some alias with only
 * spaces or dashes between them; the longest alias whose case rules hold wins,
 * and the walk resumes after it. Cost per article is proportional to its words
 * (times the longest alias), not to the number of concepts.
 */
import type { CompiledTaxonomy } from './compile.ts';
import { foldLetters, isArticleKey, SPELLED_ARTICLES, startsUpper, type Tokens } from './tokens.ts';
import { ANY_CASE, CAPITALISED, ROOT, type Trie, type WordRule } from './trie.ts';

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
  const { trie } = compiled;
  let i = 0;
  while (i < tokens.count) {
    let node = trie.child(ROOT, tokens.key[i] as string);
    let found = -1;
    let end = i;
    for (let j = i; node >= 0; ) {
      const fitting = firstFitting(trie, node, tokens, i);
      if (fitting >= 0) {
        found = fitting;
        end = j + 1;
      }
      j += 1;
      node = j < tokens.count && tokens.softBefore[j] ? trie.child(node, tokens.key[j] as string) : -1;
    }
    if (found < 0) {
      i += 1;
      continue;
    }
    matches.push({ target: trie.target(found), firstToken: i, endToken: end, offset: mentionOffset(tokens, i) });
    i = end;
  }
  return matches;
}

/** The first pattern ending at `node` whose words, from token `at`, are written as its rules ask, or -1. */
function firstFitting(trie: Trie, node: number, tokens: Tokens, at: number): number {
  for (let pattern = trie.patternsFrom(node), last = trie.patternsFrom(node + 1); pattern < last; pattern += 1) {
    let fits = true;
    for (let j = 0; j < trie.length(pattern) && fits; j += 1) fits = ruleFits(trie, trie.rule(pattern, j), tokens.surface[at + j] as string);
    if (fits) return pattern;
  }
  return -1;
}

function ruleFits(trie: Trie, rule: WordRule, actual: string): boolean {
  if (rule === ANY_CASE) return true;
  if (rule === CAPITALISED) return startsUpper(actual);
  return actual === trie.surface(rule);
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
