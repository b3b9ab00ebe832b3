/**
 * `npm run bench -- cost`: the measured run of `npm run cost` (bench/cost/measure.ts), small.
 * - ingest.writeUnitsPerArticle: DynamoDB write units of one article's ingest transaction (reference
 *   article, 25 tags, so 27 feeds; the transactions whose first item is the article's, not the pull
 *   channel's append, which publish makes), beside ingest.writeUnitsPerArticle.fatFeedIndex, what the same
 *   article cost when every feed entry repeated the whole article (576, measured before the slim index);
 * - publish.s3PutsPerArticle / publish.writeUnitsPerArticle: what publishing one article costs (feed
 *   documents, archives, pages; feed leases; the pull channel's append; the feed index, which
 *   publish writes from the stream: publish.feedIndexWriteUnitsPerArticle), one article per stream batch;
 * - cost.monthlyUsd: the scenario's bill (bench/cost/model.ts).
 */
import { measure } from '../cost/measure.ts';
import { costLines, defaultScenario, monthlyUsd } from '../cost/model.ts';
import { loadPrices } from '../cost/run.ts';

export const name = 'cost';

export async function run(): Promise<Record<string, number | string>> {
  const measured = await measure({ articles: 4, subscriptions: 2 });
  const dynamo = measured.perArticle.dynamo;
  const transaction = measured.perArticle.transactions['ARTICLE#']?.writeUnits ?? 0;
  const allWrites = Object.values(dynamo).reduce((a, o) => a + o.writeUnits, 0);
  return {
    'ingest.writeUnitsPerArticle': transaction,
    'ingest.writeUnitsPerArticle.fatFeedIndex': 576,
    'publish.writeUnitsPerArticle': allWrites - transaction,
    // Phase 1 has no subscription, so its batch writes are the feed index's alone (deliver's attempt log batches too).
    'publish.feedIndexWriteUnitsPerArticle': dynamo.BatchWriteItemCommand?.writeUnits ?? 0,
    'publish.s3PutsPerArticle': measured.perArticle.s3.PutObjectCommand?.requests ?? 0,
    'publish.worstPublishToFeedMs': measured.worstPublishToFeedMs,
    'deliver.writeUnitsPerDelivery': Object.values(measured.perDelivery.dynamo).reduce((a, o) => a + o.writeUnits, 0),
    'cost.monthlyUsd': monthlyUsd(costLines(measured, defaultScenario, loadPrices())),
  };
}
