/**
 * `npm run eval:tags`: scores the shipped tagger on `../shared/eval` (or
 * `$SYNDICATE_SHARED_DIR/eval`) as its README says: micro precision and recall
 * over the vocabulary's concepts, per-article misses and false positives.
 * Exits 1 when precision < 0.97 or recall < 0.95.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, type GoldArticle, type VocabularyConcept } from '#core/tagging/evaluation.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const REQUIRED_PRECISION = 0.97;
const REQUIRED_RECALL = 0.95;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = join(process.env.SYNDICATE_SHARED_DIR ?? resolve(repoRoot, '..', 'shared'), 'eval');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(evalDir, name), 'utf8')) as T;

const gold = readJson<GoldArticle[]>('gold.json');
const vocabulary = readJson<VocabularyConcept[]>('vocabulary.json');
const report = evaluate(createTagger(), gold, vocabulary, (file) => readFileSync(join(evalDir, 'dev', file), 'utf8'));

for (const article of report.articles) {
  const ok = article.misses.length === 0 && article.falsePositives.length === 0;
  const details = [
    article.misses.length > 0 ? `missed: ${article.misses.join(', ')}` : '',
    article.falsePositives.length > 0 ? `false positives: ${article.falsePositives.join(', ')}` : '',
  ].filter(Boolean);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${article.file}${details.length > 0 ? `  ${details.join('; ')}` : ''}`);
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `\nmicro precision ${pct(report.precision)} (need ${pct(REQUIRED_PRECISION)}), recall ${pct(report.recall)} (need ${pct(REQUIRED_RECALL)})` +
    `  tp=${report.truePositives} fp=${report.falsePositives} fn=${report.falseNegatives} over ${report.articles.length} articles (${evalDir})`,
);
process.exitCode = report.precision >= REQUIRED_PRECISION && report.recall >= REQUIRED_RECALL ? 0 : 1;
