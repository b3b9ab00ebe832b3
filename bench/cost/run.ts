/**
 * `npm run cost`: measures a run of the real pipeline (./measure.ts), scales it to the scenario
 * (1M articles a month arriving as a Poisson stream, 100 subscriptions taking every event, 10M feed GETs)
 * and prints the monthly bill line by line at the prices of infra/cost/prices-us-east-1-2026-12.json:
 * first a summary for several batching windows (the freshness/cost trade-off), then the whole bill for the
 * window the stack deploys with. `npm run cost -- --sizes 1,2,4,8 --subscriptions 4` measures other batches;
 * `--json run.json` also writes the measured run, and `--from run.json` prints the bill of a written run
 * again without measuring (after a change to the model or the prices).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SUBSCRIPTION_CACHE_SECONDS } from '../../functions/deliver/subscription-cache.ts';
import { deliverQueueSource, deliverSizing, lambdas, pagesQueueSource, publishStream } from '../../infra/definitions.ts';
import { flatDay, newsroomDay } from './arrivals.ts';
import { defaultBatchSizes, measure, type MeasuredRun } from './measure.ts';
import { billedMs, costLines, costTable, monthlyPages, monthlyPublish, monthlyUsd, type Prices, type Scenario } from './model.ts';

export const pricesFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'infra', 'cost', 'prices-us-east-1-2026-12.json');
export const loadPrices = (): Prices => JSON.parse(readFileSync(pricesFile, 'utf8')) as Prices;

/** The deploy's batching window: what the stack sets on the publish stream's event source. */
export const deployedWindowSeconds: number = publishStream.maxBatchingWindowSeconds;
/** Windows the summary compares. */
export const comparedWindows = [0, 2, 3, 5, 10, 30];
/** Page pass windows the second summary compares (12 s: the deployed minute split among five pollers, pages.ts). */
export const comparedPageWindows = [0, 12, 30, 60];

export const defaultScenario: Scenario = {
  arrivals: { articlesPerMonth: 1_000_000, hourlyShare: flatDay, days: 30, batchSize: publishStream.batchSize },
  subscriptions: 100,
  feedGets: 10_000_000,
  memoryMb: { ingest: lambdas.ingest.memorySize, publish: lambdas.publish.memorySize, deliver: lambdas.deliver.memorySize },
  deliverBatch: deliverSizing.batchSize,
  deliverBatchMs: deliverSizing.healthyBatchSeconds * 1000,
  // The profile (about 1 KB with its sealed secret) read eventually consistent (subscription-repository.ts getMany).
  subscriptionReads: { cacheSeconds: DEFAULT_SUBSCRIPTION_CACHE_SECONDS, containers: deliverQueueSource.maxConcurrency, unitsPerRead: 0.5 },
  // Small S3 requests answer in "tens of milliseconds" at the median (AWS, Optimizing Amazon S3 performance,
  // https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html);
  // DynamoDB in single-digit milliseconds. Publish renders four feeds at once (FEED_CONCURRENCY); ingest works in sequence.
  latencyMs: { s3: 30, dynamodb: 5, sqs: 15 },
  inFlight: { ingest: 1, publish: 4 },
  // The deliveries queues' key; the admin key and the webhook secrets key; the operations dashboard.
  fixed: { kmsKeys: 1, secrets: 2, dashboards: 1 },
  pagesWindowSeconds: pagesQueueSource.maxBatchingWindowSeconds,
};

const total = (run: MeasuredRun, s: Scenario, prices: Prices, window: number) => monthlyUsd(costLines(run, s, prices, window));

/** The lines `npm run cost` prints after the measured run. */
export function report(run: MeasuredRun, prices: Prices, s: Scenario = defaultScenario): string[] {
  const a = s.arrivals;
  const rate = a.articlesPerMonth / a.days / 86_400;
  const out = [
    `Scenario: ${a.articlesPerMonth.toLocaleString('en-US')} articles a month arriving as a Poisson stream at the mean rate (${rate.toFixed(3)}/s, one every ${(1 / rate).toFixed(1)} s, all day), ${s.subscriptions} subscriptions taking every event, ${s.feedGets.toLocaleString('en-US')} feed GETs; ${prices.region} list prices as of ${prices.asOf}.`,
    `Measured on DynamoDB Local and s3rver: ${run.mix.articles} articles from a mix of ${run.mix.texts} texts (the reference article and the dev set; ${run.mix.feedsPerArticle.toFixed(1)} feeds an article on average): ${run.mix.prefill} to fill the feeds, then measured batches of ${run.batches.map((b) => b.size).join(', ')}; then ${run.deliveries / run.subscriptions} of them again to 1 and to ${run.subscriptions} loopback subscriptions.`,
    '',
    '| batch measured | feeds rendered | S3 PUTs | write units | publish ms here (wall, CPU) | billed ms estimate |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...run.batches.map(
      (b) =>
        `| ${b.size} | ${b.feeds} | ${b.tally.s3.PutObjectCommand?.requests ?? 0} | ${Object.values(b.tally.dynamo).reduce((x, o) => x + o.writeUnits, 0).toFixed(0)} | ${b.publishMs.toFixed(0)}, ${b.cpuMs.toFixed(0)} | ${billedMs(b.tally, b.cpuMs, s.latencyMs, s.inFlight.publish).toFixed(0)} |`,
    ),
    '',
    '| batching window | articles per batch | publish invocations | feeds rendered per article | S3 PUTs per article | USD / month |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[...new Set([...comparedWindows, deployedWindowSeconds])].sort((x, y) => x - y).map((w) => {
      const p = monthlyPublish(run, s, w);
      const puts = (p.tally.s3.PutObjectCommand?.requests ?? 0) / a.articlesPerMonth;
      return `| ${w} s${w === deployedWindowSeconds ? ' (deployed)' : ''} | ${p.counts.meanSize.toFixed(2)} | ${Math.round(p.counts.batches).toLocaleString('en-US')} | ${(p.feedsRendered / a.articlesPerMonth).toFixed(1)} | ${puts.toFixed(1)} | ${total(run, s, prices, w).toFixed(2)} |`;
    }),
    '',
    `The page pass (listing pages) at the deployed publish window, for pages windows of ${comparedPageWindows.join(', ')} s: ${(run.feedsOfTexts ?? []).length} texts' measured feeds, ${run.pagePass ? `${(run.pagePass.pages / Math.max(1, run.pagePass.invocations)).toFixed(1)} pages a measured pass` : 'no page pass measured'}.`,
    '',
    '| pages window | articles per pass | page pass invocations | listing pages per article | USD / month |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...[...new Set([...comparedPageWindows, s.pagesWindowSeconds])].sort((x, y) => x - y).map((w) => {
      const p = monthlyPages(run, s, w);
      const bill = monthlyUsd(costLines(run, { ...s, pagesWindowSeconds: w }, prices, deployedWindowSeconds));
      return `| ${w} s${w === s.pagesWindowSeconds ? ' (deployed)' : ''} | ${p.counts.meanSize.toFixed(1)} | ${Math.round(p.counts.batches).toLocaleString('en-US')} | ${(p.pages / a.articlesPerMonth).toFixed(2)} | ${bill.toFixed(2)} |`;
    }),
    '',
    `The bill at the deployed windows (publish ${deployedWindowSeconds} s, pages ${s.pagesWindowSeconds} s):`,
    '',
    costTable(costLines(run, s, prices, deployedWindowSeconds)),
    '',
    `Per article: ingest ${Object.values(run.perArticle.dynamo).reduce((x, o) => x + o.writeUnits, 0).toFixed(1)} write units (transaction ${(run.perArticle.dynamo.TransactWriteItemsCommand?.writeUnits ?? 0).toFixed(1)}), ${run.ingestMs.toFixed(0)} ms here (CPU ${run.ingestCpuMs.toFixed(0)} ms), billed estimate ${billedMs(run.perArticle, run.ingestCpuMs, s.latencyMs, s.inFlight.ingest).toFixed(0)} ms; per delivery: ${Object.values(run.perDelivery.dynamo).reduce((x, o) => x + o.writeUnits, 0).toFixed(2)} write units; per event handed over: ${Object.values(run.perEvent.dynamo).reduce((x, o) => x + o.writeUnits, 0).toFixed(2)}.`,
    `With a newsroom day instead (two thirds of the copy in 12 working hours), the deployed window's bill is $${total(run, { ...s, arrivals: { ...a, hourlyShare: newsroomDay } }, prices, deployedWindowSeconds).toFixed(2)}: peaks pack batches fuller, so the flat day is the upper bound.`,
    `Monthly total: $${total(run, s, prices, deployedWindowSeconds).toFixed(2)}`,
  ];
  return out;
}

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = option('sizes')?.split(',').map(Number) ?? defaultBatchSizes;
  const from = option('from');
  const run: MeasuredRun = from
    ? (JSON.parse(readFileSync(from, 'utf8')) as MeasuredRun)
    : await measure({ batchSizes: sizes, subscriptions: Number(option('subscriptions') ?? 3), log: (line) => process.stderr.write(`${line}\n`) });
  const json = option('json');
  if (json) writeFileSync(json, `${JSON.stringify(run, null, 1)}\n`);
  console.log(report(run, loadPrices()).join('\n'));
  process.exit(0);
}
