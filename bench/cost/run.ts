/**
 * `npm run cost`: measures a small run of the real pipeline (./measure.ts), scales it to the scenario
 * (1M articles a month, 100 subscriptions taking every event, 10M feed GETs) and prints the monthly
 * bill line by line at the prices of infra/cost/prices-us-east-1-2026-12.json.
 * `npm run cost -- --articles 20 --subscriptions 4` measures a larger run.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.ts';
import { costLines, costTable, defaultScenario, monthlyUsd, type Prices } from './model.ts';

export const pricesFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'infra', 'cost', 'prices-us-east-1-2026-12.json');
export const loadPrices = (): Prices => JSON.parse(readFileSync(pricesFile, 'utf8')) as Prices;

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const prices = loadPrices();
  const run = await measure({ articles: option('articles', 8), subscriptions: option('subscriptions', 3), log: (line) => process.stderr.write(`${line}\n`) });
  const lines = costLines(run, defaultScenario, prices);
  const s = defaultScenario;
  console.log(`Scenario: ${s.articles.toLocaleString('en-US')} articles a month, ${s.subscriptions} subscriptions taking every event, ${s.feedGets.toLocaleString('en-US')} feed GETs; ${prices.region} list prices as of ${prices.asOf}.`);
  console.log(`Measured on DynamoDB Local and s3rver: ${run.articles} articles (${run.feedsPerArticle} feeds each), then ${run.articles} more to ${run.subscriptions} loopback subscriptions.\n`);
  console.log(costTable(lines));
  console.log(`\nPer article: ${Object.values(run.perArticle.dynamo).reduce((a, o) => a + o.writeUnits, 0).toFixed(1)} write units (ingest transaction ${run.perArticle.dynamo.TransactWriteItemsCommand?.writeUnits ?? 0}), ${run.perArticle.s3.PutObjectCommand?.requests ?? 0} S3 PUTs; per delivery: ${Object.values(run.perDelivery.dynamo).reduce((a, o) => a + o.writeUnits, 0).toFixed(2)} write units.`);
  console.log(`Monthly total: $${monthlyUsd(lines).toFixed(2)}`);
  process.exit(0);
}
