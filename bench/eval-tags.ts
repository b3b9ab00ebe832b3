/**
 * `npm run eval:tags`: scores the shipped tagger on `../shared/eval` (or
 * `$SYNDICATE_SHARED_DIR/eval`) as its README says, each article parsed and
 * normalised by the real pipeline first: micro precision and recall over the
 * vocabulary's concepts, per-article misses and false positives. Then the same
 * on our own adversarial set (test/core/tagging/adversarial). Then how well tag
 * `relevance` ranks the tags our sets label `central` above those labelled
 * `mentioned` (AUC, adversarial and independent sets). Exits 1 when the shared
 * set falls below precision 0.97 or recall 0.95, or an AUC below 0.9.
 *
 * `npm run eval:tags -- DIR` scores another set laid out like shared/eval
 * instead: DIR/gold.json, articles in DIR/dev/, DIR/articles/ or DIR, and
 * DIR/vocabulary.json (else the shared vocabulary).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, rankingQuality, type EvaluationReport, type GoldArticle, type RankingReport, type VocabularyConcept } from '#core/tagging/evaluation.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const REQUIRED_PRECISION = 0.97;
const REQUIRED_RECALL = 0.95;
/** Relevance must rank central tags above mentioned ones this well (pooled AUC) on our labelled sets. */
const REQUIRED_AUC = 0.9;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedEvalDir = join(process.env.SYNDICATE_SHARED_DIR ?? resolve(repoRoot, '..', 'shared'), 'eval');
const requestedDir = process.argv[2];
const evalDir = requestedDir ? resolve(requestedDir) : sharedEvalDir;
const articlesDir = [join(evalDir, 'dev'), join(evalDir, 'articles')].find((dir) => existsSync(dir)) ?? evalDir;
const vocabularyFile = existsSync(join(evalDir, 'vocabulary.json'))
  ? join(evalDir, 'vocabulary.json')
  : join(sharedEvalDir, 'vocabulary.json');
const adversarialDir = join(repoRoot, 'test', 'core', 'tagging', 'adversarial');
const independentDir = join(repoRoot, 'test', 'core', 'tagging', 'independent');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function print(title: string, report: EvaluationReport): void {
  console.log(`\n${title}`);
  for (const article of report.articles) {
    const ok = article.misses.length === 0 && article.falsePositives.length === 0;
    const details = [
      article.misses.length > 0 ? `missed: ${article.misses.join(', ')}` : '',
      article.falsePositives.length > 0 ? `false positives: ${article.falsePositives.join(', ')}` : '',
      article.forbidden.length > 0 ? `(must-not: ${article.forbidden.join(', ')})` : '',
    ].filter(Boolean);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${article.file}${details.length > 0 ? `  ${details.join('; ')}` : ''}`);
  }
  console.log(
    `micro precision ${pct(report.precision)}, recall ${pct(report.recall)}` +
      `  tp=${report.truePositives} fp=${report.falsePositives} fn=${report.falseNegatives} over ${report.articles.length} articles`,
  );
}

function printRanking(title: string, report: RankingReport): void {
  console.log(
    `relevance ranking (${title}): pooled AUC ${report.pooledAuc.toFixed(3)}, within-article AUC ${report.withinArticleAuc.toFixed(3)}` +
      ` over ${report.central} central and ${report.mentioned} mentioned tags; need pooled AUC >= ${REQUIRED_AUC}`,
  );
  for (const inversion of report.inversions) console.log(`  ranked wrong way round: ${inversion}`);
}

const tagger = createTagger();
let rankingOk = true;
const vocabulary = readJson<VocabularyConcept[]>(vocabularyFile);
const shared = evaluate(tagger, readJson<GoldArticle[]>(join(evalDir, 'gold.json')), vocabulary, (file) =>
  readFileSync(join(articlesDir, file), 'utf8'),
);
print(`${requestedDir ? 'set' : 'shared dev set'} (${evalDir}); need precision ${pct(REQUIRED_PRECISION)}, recall ${pct(REQUIRED_RECALL)}`, shared);
if (!requestedDir) {
  const adversarial = evaluate(tagger, readJson<GoldArticle[]>(join(adversarialDir, 'gold.json')), vocabulary, (file) =>
    readFileSync(join(adversarialDir, 'articles', file), 'utf8'),
  );
  print(`adversarial set (${adversarialDir})`, adversarial);
  for (const [name, dir] of [['adversarial', adversarialDir], ['independent', independentDir]] as const) {
    const gold = readJson<GoldArticle[]>(join(dir, 'gold.json'));
    const ranking = rankingQuality(tagger, gold, (file) => readFileSync(join(dir, 'articles', file), 'utf8'));
    printRanking(name, ranking);
    rankingOk &&= ranking.pooledAuc >= REQUIRED_AUC;
  }
} else if (readJson<GoldArticle[]>(join(evalDir, 'gold.json')).some((a) => a.aboutness !== undefined)) {
  const ranking = rankingQuality(tagger, readJson<GoldArticle[]>(join(evalDir, 'gold.json')), (file) => readFileSync(join(articlesDir, file), 'utf8'));
  printRanking('set', ranking);
  rankingOk &&= ranking.pooledAuc >= REQUIRED_AUC;
}
process.exitCode = shared.precision >= REQUIRED_PRECISION && shared.recall >= REQUIRED_RECALL && rankingOk ? 0 : 1;
