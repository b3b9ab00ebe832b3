/**
 * Scoring the tagger against a gold set (`../shared/eval`, or our own
 * adversarial set): micro precision and recall over the vocabulary's concepts.
 * Tags outside the vocabulary are neither rewarded nor punished. Each article
 * goes through the real parser and normaliser first, so the tagger is measured
 * on the text the pipeline really hands it. Pure: callers read the files.
 */
import { normalise } from '../normalise/normalise.ts';
import { parseArticle } from '../parse/index.ts';
import type { Tagger } from './types.ts';

export interface GoldArticle {
  file: string;
  publisher: string;
  headline?: string;
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
  /** False positives gold names explicitly as must-not (a subset of `falsePositives`). */
  forbidden: string[];
}

export interface EvaluationReport {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  articles: ArticleScore[];
}

/** Every tag id the pipeline gives one source file: parsed, normalised, tagged with its own publisher. */
export function tagSource(tagger: Tagger, source: string): string[] {
  const article = normalise(parseArticle(source));
  const publisher = article.publisherName === undefined ? undefined : tagger.resolvePublisher(article.publisherName);
  return tagger.tag(article, publisher).map((t) => t.id);
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
    const found = new Set(tagSource(tagger, readArticle(article.file)).filter((id) => scored.has(id)));
    const expected = new Set(article.tags.filter((id) => scored.has(id)));
    const misses = [...expected].filter((id) => !found.has(id));
    const wrong = [...found].filter((id) => !expected.has(id));
    const forbidden = (article.must_not_tag ?? []).filter((id) => found.has(id));
    const hits = expected.size - misses.length;
    truePositives += hits;
    falseNegatives += misses.length;
    falsePositives += wrong.length;
    articles.push({ file: article.file, truePositives: hits, misses, falsePositives: wrong, forbidden });
  }
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  return { precision, recall, truePositives, falsePositives, falseNegatives, articles };
}
