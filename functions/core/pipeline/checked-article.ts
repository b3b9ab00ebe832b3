/**
 * The contract check on an assembled article, through the schema compiled to plain checks
 * (../article/article-check.ts, generated from `Article`): it returns what `Article.parse` returns
 * (test/core/article/article-check.test.ts holds the two together), in a fraction of zod's time,
 * and without building the zod schemas at ingest's cold start (BENCHMARKS.md, bundles). The
 * tagger and the normaliser are ours, so a failure here is a defect, not bad input: it is thrown.
 */
import { checkArticle } from '../article/article-check.ts';
import type { ArticleIssue } from '../article/article-check-runtime.ts';
import type { Article } from '../article/schema.ts';

/** The assembled article breaks the contract: where, and how. */
export class ArticleContractBroken extends Error {
  constructor(readonly issues: readonly ArticleIssue[]) {
    const first = issues[0];
    super(`assembled article breaks the Article contract${first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`);
    this.name = 'ArticleContractBroken';
  }
}

/** The article as the schema returns it (unknown keys dropped, every object a copy), or `ArticleContractBroken`. */
export function checkedArticle(candidate: Article): Article {
  const checked = checkArticle(candidate);
  if (!checked.success) throw new ArticleContractBroken(checked.error.issues);
  return checked.data;
}
