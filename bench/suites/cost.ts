/**
 * `npm run bench -- cost`: the measured run of `npm run cost` (bench/cost/measure.ts), with fewer batches.
 * - ingest.writeUnitsPerArticle: DynamoDB write units of one article's ingest transaction, on the mix of
 *   the reference article and the dev set (bench/cost/articles.ts), beside
 *   ingest.writeUnitsPerArticle.fatFeedIndex, what the reference article cost when every feed entry
 *   repeated the whole article (576, measured before the slim index);
 * - publish.s3PutsPerArticle / publish.writeUnitsPerArticle: what publishing costs per article at the
 *   deployed batching window (the month's Poisson batches, bench/cost/arrivals.ts), the feed index
 *   among them (publish.feedIndexWriteUnitsPerArticle: publish writes it from the stream);
 * - cost.monthlyUsd: the scenario's bill at the deployed window (bench/cost/model.ts).
 */
import { measure } from '../cost/measure.ts';
import { costLines, monthlyPublish, monthlyUsd } from '../cost/model.ts';
import { defaultScenario, deployedWindowSeconds, loadPrices } from '../cost/run.ts';

export const name = 'cost';

export async function run(): Promise<Record<string, number | string>> {
  const measured = await measure({ batchSizes: [1, 2, 1, 3, 1, 5], subscriptions: 2, twins: 1, prefill: 26 });
  const articles = defaultScenario.arrivals.articlesPerMonth;
  const publish = monthlyPublish(measured, defaultScenario, deployedWindowSeconds);
  const writes = (t: typeof publish.tally) => Object.values(t.dynamo).reduce((a, o) => a + o.writeUnits, 0);
  return {
    'ingest.writeUnitsPerArticle': measured.perArticle.dynamo.TransactWriteItemsCommand?.writeUnits ?? 0,
    'ingest.writeUnitsPerArticle.fatFeedIndex': 576,
    'publish.writeUnitsPerArticle': writes(publish.tally) / articles,
    'publish.s3PutsPerArticle': (publish.tally.s3.PutObjectCommand?.requests ?? 0) / articles,
    // Publish writes the feed index from the stream (functions/publish/feed-entries.ts); phase 1 has no subscription, so no delivery log batch is in here.
    'publish.feedIndexWriteUnitsPerArticle': (publish.tally.dynamo.BatchWriteItemCommand?.writeUnits ?? 0) / articles,
    'publish.articlesPerBatch': publish.counts.meanSize,
    'deliver.writeUnitsPerDelivery': writes(measured.perDelivery),
    'cost.monthlyUsd': monthlyUsd(costLines(measured, defaultScenario, loadPrices(), deployedWindowSeconds)),
  };
}
