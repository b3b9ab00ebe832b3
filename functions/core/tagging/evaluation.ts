/**
 * Scoring the tagger against a gold set (`../shared/eval`, or our own
 * adversarial set): micro precision and recall over the vocabulary's concepts.
 * Tags outside the vocabulary are neither rewarded nor punished. Each article
 * goes through the real parser and normaliser first, so the tagger is measured
 * on the text the pipeline really hands it. Pure: callers read the files.
 */
import { normalise } from '../normalise/normalise.ts';
import { parseArticle } from '../parse/index.ts';
import type { Tag } from '../article/schema.ts';
import type { Tagger } from './types.ts';

export interface GoldArticle {
  file: string;
  publisher: string;
  headline?: string;
  tags: string[];
  must_not_tag?: string[];
  /** How central each non-publisher gold tag is, by a reader's judgement: what relevance should rank. */
  aboutness?: Record<string, Aboutness>;
}

export type Aboutness = 'central' | 'mentioned';

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
  return tagsOfSource(tagger, source).map((t) => t.id);
}

/** The tags the pipeline gives one source file. */
export function tagsOfSource(tagger: Tagger, source: string): Tag[] {
  // Every file of the evaluation sets opens with its publisher's line, known to the taxonomy or not.
  const article = normalise(parseArticle(source, { isPublisherLine: () => true }));
  const publisher = article.publisherName === undefined ? undefined : tagger.resolvePublisher(article.publisherName);
  return tagger.tag(article, publisher);
}

export interface RankingReport {
  /** Probability that a central tag, drawn from any article, outranks a mentioned one from any article (ties half). */
  pooledAuc: number;
  /** The same, over pairs drawn from one article only. */
  withinArticleAuc: number;
  central: number;
  mentioned: number;
  /** Labelled pairs (within one article) that relevance puts the wrong way round, for reading. */
  inversions: string[];
}

/**
 * How well `relevance` ranks the tags gold labels `central` above those it
 * labels `mentioned` (the area under the ROC curve). A labelled concept the
 * tagger missed scores 0.
 */
export function rankingQuality(
  tagger: Tagger,
  gold: readonly GoldArticle[],
  readArticle: (file: string) => string,
): RankingReport {
  const central: number[] = [];
  const mentioned: number[] = [];
  let withinPairs = 0;
  let withinWins = 0;
  const inversions: string[] = [];
  for (const article of gold) {
    if (article.aboutness === undefined) continue;
    const scores = new Map(tagsOfSource(tagger, readArticle(article.file)).map((t) => [t.id, t.relevance ?? 0] as const));
    const mine = { central: [] as [string, number][], mentioned: [] as [string, number][] };
    for (const [id, label] of Object.entries(article.aboutness)) mine[label].push([id, scores.get(id) ?? 0]);
    for (const [c, cs] of mine.central) {
      central.push(cs);
      for (const [m, ms] of mine.mentioned) {
        withinPairs += 1;
        withinWins += cs > ms ? 1 : cs === ms ? 0.5 : 0;
        if (cs <= ms) inversions.push(`${article.file}: ${c} ${cs} <= ${m} ${ms}`);
      }
    }
    for (const [, ms] of mine.mentioned) mentioned.push(ms);
  }
  let wins = 0;
  for (const c of central) for (const m of mentioned) wins += c > m ? 1 : c === m ? 0.5 : 0;
  const pairs = central.length * mentioned.length;
  return {
    pooledAuc: pairs === 0 ? 1 : wins / pairs,
    withinArticleAuc: withinPairs === 0 ? 1 : withinWins / withinPairs,
    central: central.length,
    mentioned: mentioned.length,
    inversions,
  };
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
