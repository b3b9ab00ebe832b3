/**
 * Scoring the tagger against a gold set (`../shared/eval`): micro precision and
 * recall over the vocabulary's concepts. Tags outside the vocabulary are
 * neither rewarded nor punished. Pure: callers read the files.
 */
import type { Publisher } from '../article/schema.ts';
import type { TaggableText, Tagger } from './types.ts';

export interface GoldArticle {
  file: string;
  publisher: string;
  headline: string;
  tags: string[];
  must_not_tag?: string[];
}

export interface VocabularyConcept {
  id: string;
  label: string;
  type: string;
}

export interface ArticleScore {
  file: string;
  truePositives: number;
  misses: string[];
  falsePositives: string[];
}

export interface EvaluationReport {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  articles: ArticleScore[];
}

export interface SourceText extends TaggableText {
  publisherName: string;
}

/**
 * Splits the reference text format: first line the publisher, blank line,
 * headline, blank line, then paragraphs separated by blank lines. A stand-in
 * until the core parser is wired in; it keeps typography as published.
 */
export function splitReferenceText(source: string): SourceText {
  const blocks = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > 0);
  const [publisherName = '', headline = '', ...paragraphs] = blocks;
  return { publisherName, headline, paragraphs };
}

/** Tags every gold article with `tagger` and scores the result over `vocabulary`. */
export function evaluate(
  tagger: Tagger,
  gold: readonly GoldArticle[],
  vocabulary: readonly VocabularyConcept[],
  readArticle: (file: string) => string,
): EvaluationReport {
  const scored = new Set(vocabulary.map((c) => c.id));
  const articles: ArticleScore[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const article of gold) {
    const text = splitReferenceText(readArticle(article.file));
    const publisher: Publisher = tagger.resolvePublisher(text.publisherName);
    const found = new Set(tagger.tag(text, publisher).map((t) => t.id).filter((id) => scored.has(id)));
    const expected = new Set(article.tags.filter((id) => scored.has(id)));
    const misses = [...expected].filter((id) => !found.has(id));
    const wrong = [...found].filter((id) => !expected.has(id));
    const hits = expected.size - misses.length;
    truePositives += hits;
    falseNegatives += misses.length;
    falsePositives += wrong.length;
    articles.push({ file: article.file, truePositives: hits, misses, falsePositives: wrong });
  }
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  return { precision, recall, truePositives, falsePositives, falseNegatives, articles };
}
