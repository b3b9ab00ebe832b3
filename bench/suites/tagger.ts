/**
 * Tagger benchmark, all figures measured in one run on the same articles (the
 * twelve dev articles plus the reference article):
 * - `tagger.articlesPerSec`: the shipped tagger;
 * - `tagger.compromiseArticlesPerSec` and `tagger.vsCompromise`: npm `compromise`
 *   extracting topics, places and organisations from the same texts (want ≥ 50);
 * - `tagger.taxonomyScaleRatio`: time per article with a generated
 *   10,000-concept taxonomy ÷ time with the shipped one (want ≤ 1.5).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { normalise } from '#core/normalise/normalise.ts';
import { parseArticle } from '#core/parse/index.ts';
import { shippedTaxonomy } from '#core/tagging/shipped.ts';
import { syntheticTaxonomy } from '#core/tagging/synthetic.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { taggedText, type TaggableText, type Tagger } from '#core/tagging/types.ts';

export const name = 'tagger';
export const LARGE_TAXONOMY_SIZE = 10_000;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.SYNDICATE_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');

/** The dev articles and the reference article, parsed and normalised as the pipeline does. */
export function benchArticles(): TaggableText[] {
  const devDir = join(sharedDir, 'eval', 'dev');
  const files = readdirSync(devDir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(devDir, f));
  files.push(join(sharedDir, 'seed', 'opslens-raqqa.txt'));
  return files.map((file) => normalise(parseArticle(readFileSync(file, 'utf8'))));
}

/** Articles per second over at least `minMs` of repeated passes (after one warm-up pass). */
function articlesPerSecond(articles: readonly TaggableText[], work: (article: TaggableText) => unknown, minMs: number): number {
  for (const article of articles) work(article);
  let done = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const article of articles) work(article);
    done += articles.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return (done * 1000) / elapsedMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<Record<string, number>> {
  const articles = benchArticles();
  const shipped = createTagger();
  const tagWith = (tagger: Tagger) => (article: TaggableText) => tagger.tag(article);

  const texts = new Map(articles.map((a) => [a, taggedText(a)]));
  const withCompromise = (article: TaggableText) => {
    const doc = nlp(texts.get(article) as string);
    return [doc.topics().out('array'), doc.places().out('array'), doc.organizations().out('array')];
  };
  // Interleaved rounds, medians: a shared machine's load shifts hit both sides alike.
  const oursRounds: number[] = [];
  const theirsRounds: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    oursRounds.push(articlesPerSecond(articles, tagWith(shipped), 300));
    theirsRounds.push(articlesPerSecond(articles, withCompromise, 600));
  }
  const ours = median(oursRounds);
  const theirs = median(theirsRounds);

  const large = createTagger(syntheticTaxonomy(shippedTaxonomy(), LARGE_TAXONOMY_SIZE));
  const ratios: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    const small = articlesPerSecond(articles, tagWith(shipped), 200);
    const big = articlesPerSecond(articles, tagWith(large), 200);
    ratios.push(small / big);
  }

  return {
    'tagger.articlesPerSec': ours,
    'tagger.compromiseArticlesPerSec': theirs,
    'tagger.vsCompromise': ours / theirs,
    'tagger.taxonomyConcepts': shippedTaxonomy().concepts.length,
    'tagger.taxonomyScaleRatio': median(ratios),
  };
}
