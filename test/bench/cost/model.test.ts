/**
 * The cost model's arithmetic on a small fixed input (not a measured run): the month's articles fall into
 * Poisson batches whose size grows with the window; each batch costs what the measured batch of its size
 * cost (or the straight line between two measured sizes); per-article lines scale by articles, per-delivery
 * ones by articles × subscriptions; each line is quantity × price, and the total is their sum.
 */
import { describe, expect, it } from 'vitest';
import { batchSizePmf, flatDay, monthlyBatches, newsroomDay, type Arrivals } from '../../../bench/cost/arrivals.ts';
import { emptyTally, type Tally } from '../../../bench/cost/meter.ts';
import { expectedDistinctFeeds } from '../../../bench/cost/pages.ts';
import { billedMs, costLines, monthlyPages, monthlyPublish, monthlyUsd, publishCostAt, pointsBySize, subscriptionReadsPerDelivery, type Measured, type Scenario } from '../../../bench/cost/model.ts';
import { loadPrices } from '../../../bench/cost/run.ts';

const arrivals: Arrivals = { articlesPerMonth: 2592, hourlyShare: flatDay, days: 30, batchSize: 100 };
// 2,592 articles in 30 days: one every 1,000 s.
const scenario: Scenario = {
  arrivals,
  subscriptions: 10,
  feedGets: 20_000,
  memoryMb: { ingest: 1024, publish: 2048, deliver: 512 },
  deliverBatch: 10,
  deliverBatchMs: 1000,
  // λ = 0.001 events a second for each subscription: λT/C = 1, a read serves two deliveries.
  subscriptionReads: { cacheSeconds: 1000, containers: 1, unitsPerRead: 0.5 },
  latencyMs: { s3: 10, dynamodb: 1, sqs: 0 },
  inFlight: { ingest: 1, publish: 2 },
  fixed: { kmsKeys: 1, secrets: 2, dashboards: 1 },
  pagesWindowSeconds: 60,
};

const batch = (puts: number, writeUnits: number): Tally => {
  const t = emptyTally();
  t.s3.PutObjectCommand = { requests: puts, bytes: 0 };
  t.dynamo.PutItemCommand = { requests: writeUnits, readUnits: 0, writeUnits };
  t.putByPrefix['feeds/'] = { requests: puts, bytes: puts * 3000 };
  return t;
};
const perArticle = emptyTally();
perArticle.dynamo.TransactWriteItemsCommand = { requests: 1, readUnits: 0, writeUnits: 40 };
perArticle.dynamo.QueryCommand = { requests: 8, readUnits: 20, writeUnits: 0 };
perArticle.written['ARTICLE#'] = { count: 2, bytes: 2_000_000, unitsIfPlain: 10 };
perArticle.written['LEASE#'] = { count: 10, bytes: 1_000_000, unitsIfPlain: 10 };
perArticle.written['FEEDSTATE#'] = { count: 10, bytes: 1_000_000, unitsIfPlain: 10 };
perArticle.s3.PutObjectCommand = { requests: 2, bytes: 0 };
perArticle.putByPrefix['raw/'] = { requests: 1, bytes: 500_000 };
perArticle.logs['ingest log'] = { lines: 1, bytes: 1_000_000 };
const perEvent = emptyTally();
perEvent.dynamo.PutItemCommand = { requests: 1, readUnits: 0, writeUnits: 3 };
// A difference between two runs may come out below zero: that is noise, taken as none.
perEvent.s3.PutObjectCommand = { requests: -2, bytes: 0 };
const perDelivery = emptyTally();
perDelivery.dynamo.UpdateItemCommand = { requests: 1, readUnits: 0, writeUnits: 2 };
perDelivery.dynamo.BatchGetItemCommand = { requests: 1, readUnits: 999, writeUnits: 0 };
perDelivery.sqs.SendMessageBatchCommand = { requests: 0.5, messages: 1, bytes: 2000 };
const measured: Measured = {
  perArticle,
  ingestCpuMs: 500,
  // One article: 100 PUTs; two: 150 (they share feeds); four: 200; size 1 measured twice.
  batches: [
    { size: 1, tally: batch(90, 10), cpuMs: 1000, feeds: 20 },
    { size: 2, tally: batch(150, 16), cpuMs: 1500, feeds: 30 },
    { size: 1, tally: batch(110, 10), cpuMs: 3000, feeds: 20 },
    { size: 4, tally: batch(200, 20), cpuMs: 2000, feeds: 40 },
  ],
  perEvent,
  perDelivery,
  webhookBodyBytes: 1000,
  feedGzipBytes: 5000,
};
const prices = loadPrices();

describe('batches of a Poisson stream', () => {
  it('has one article per batch without a window, and 1 + λW on average with one', () => {
    expect(monthlyBatches(arrivals, 0)).toMatchObject({ batches: 2592, meanSize: 1 });
    const w = monthlyBatches(arrivals, 500); // λW = 0.5
    expect(w.meanSize).toBeCloseTo(1.5);
    expect(w.batches).toBeCloseTo(2592 / 1.5);
    // K = 1 + Poisson(0.5): P(K = 1) = e^-0.5.
    expect(w.bySize[1]! / w.batches).toBeCloseTo(Math.exp(-0.5));
    expect(w.bySize.reduce((sum, n, k) => sum + n * k, 0)).toBeCloseTo(2592);
  });

  it('folds batches beyond the event source’s batch size into full ones', () => {
    const pmf = batchSizePmf(50, 10);
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(pmf[10]).toBeGreaterThan(0.99);
  });

  it('packs a peaked day into fewer batches than a flat one of the same total', () => {
    const flat = monthlyBatches({ ...arrivals, articlesPerMonth: 1_000_000 }, 2);
    const peaked = monthlyBatches({ ...arrivals, articlesPerMonth: 1_000_000, hourlyShare: newsroomDay }, 2);
    expect(newsroomDay.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(peaked.batches).toBeLessThan(flat.batches);
  });
});

describe('the cost model', () => {
  const lines = costLines(measured, scenario, prices, 0);
  const line = (prefix: string) => lines.find((l) => l.line.startsWith(prefix))!;

  it('averages measured batches of one size and draws a straight line between sizes', () => {
    const points = pointsBySize(measured.batches);
    expect(points.map((p) => p.size)).toEqual([1, 2, 4]);
    expect(points[0]!.tally.s3.PutObjectCommand!.requests).toBe(100);
    expect(points[0]!.cpuMs).toBe(2000);
    expect(publishCostAt(points, 3).tally.s3.PutObjectCommand!.requests).toBeCloseTo(175);
    // Beyond the largest measured size, the line through the two largest.
    expect(publishCostAt(points, 6).tally.s3.PutObjectCommand!.requests).toBeCloseTo(250);
  });

  it('prices publishing by the month’s batches: fewer renders per article as the window grows', () => {
    expect(line('S3 PUT: publish').quantity).toBeCloseTo(2592 * 100);
    const at500 = monthlyPublish(measured, scenario, 500);
    const expected = at500.counts.bySize.reduce((sum, n, k) => (k === 0 ? sum : sum + n * publishCostAt(pointsBySize(measured.batches), k).tally.s3.PutObjectCommand!.requests), 0);
    expect(at500.tally.s3.PutObjectCommand!.requests).toBeCloseTo(expected);
    expect(at500.tally.s3.PutObjectCommand!.requests).toBeLessThan(2592 * 100);
    expect(monthlyUsd(costLines(measured, scenario, prices, 500))).toBeLessThan(monthlyUsd(lines));
  });

  it('scales per-article figures by articles and per-delivery ones by articles × subscriptions', () => {
    expect(line('DynamoDB writes: ingest').quantity).toBe(2592 * 40);
    expect(line('DynamoDB writes: publish').quantity).toBeCloseTo(2592 * 10);
    expect(line('DynamoDB writes: events').quantity).toBe(2592 * 3);
    expect(line('DynamoDB writes: deliveries').quantity).toBe(25_920 * 2);
    expect(line('DynamoDB reads: ingest').quantity).toBe(2592 * 20);
    // A delivery's endpoint reads are the cache's (half a read, at half a unit), not the run difference.
    expect(line('DynamoDB reads: events').quantity).toBeCloseTo(25_920 * 0.25);
    // One message a delivery, sent, received and deleted in batches of ten.
    expect(line('SQS').quantity).toBeCloseTo(25_920 * 0.3);
    expect(line('Webhook bytes').quantity).toBeCloseTo(0.02592);
    expect(line('S3 PUT: ingest').quantity).toBe(2592 * 2);
    expect(line('Lambda requests').quantity).toBe(2592 + 2592 + 2592);
  });

  it('bounds a delivery’s endpoint reads by the cache: 1 / (1 + λT/C), more containers reading more', () => {
    const reads = (containers: number) => subscriptionReadsPerDelivery(1_000_000 / (30 * 86_400), { cacheSeconds: 30, containers, unitsPerRead: 0.5 });
    expect(reads(17)).toBeCloseTo(0.595, 3);
    expect(reads(2)).toBeLessThan(reads(5));
    expect(reads(1e9)).toBeCloseTo(1);
  });

  it('prices each line from the dated price file', () => {
    expect(line('DynamoDB writes: ingest').usd).toBeCloseTo(2592 * 40 * 0.625e-6);
    expect(line('S3 PUT: publish').usd).toBeCloseTo(259_200 * 0.005e-3);
    expect(line('S3 GET: CloudFront').usd).toBeCloseTo(20_000 * 0.0004e-3);
    // Lease items do not stay, feed state items are rewritten; each item stored is billed 100 bytes over its own.
    expect(line('DynamoDB storage').quantity).toBeCloseTo((2592 * (2_000_000 + 2 * 100)) / 1e9, 6);
    expect(line('DynamoDB point-in-time').usd).toBeCloseTo(((2592 * (2_000_000 + 2 * 100)) / 1e9) * 0.2);
    // Originals stay; a feed's old versions are kept a day of the month's thirty.
    expect(line('S3 storage').quantity).toBeCloseTo((2592 * 500_000 + (2592 * 100 * 3000) / 30) / 1e9);
    // Billed time: CPU, and each request's answer time over the requests in flight. Ingest: 500 ms + (2 PUTs × 10 + 9 requests × 1) / 1
    // at 1 GB; publish (size 1): 2000 ms + (100 PUTs × 10 + 10 × 1) / 2 at 2 GB; deliver: 1 s at 0.5 GB per batch of ten.
    expect(billedMs(perArticle, 500, scenario.latencyMs, 1)).toBe(529);
    expect(line('Lambda compute').quantity).toBeCloseTo(2592 * 0.529 + 2592 * 2.505 * 2 + 2592 * 0.5);
    expect(line('CloudWatch Logs').quantity).toBeCloseTo(2592 * 1e-3);
    expect(line('CloudFront: feed bytes').usd).toBeCloseTo(0.1 * 0.085);
    expect(line('KMS').usd + line('Secrets').usd + line('CloudWatch dashboard').usd).toBeCloseTo(1 + 0.8 + 3);
  });

  it('keeps article pages, and of a listing page rewritten all month only a day of its old versions', () => {
    const withPages = (t: Tally): Tally => ({
      ...t,
      putByPrefix: { ...t.putByPrefix, 'pages/': { requests: 10, bytes: 10 * 6000 }, 'pages/articles/': { requests: 1, bytes: 9000 } },
    });
    const paged = { ...measured, batches: measured.batches.map((b) => ({ ...b, tally: withPages(b.tally) })) };
    const storage = (m: Measured) => costLines(m, scenario, prices, 0).find((l) => l.line.startsWith('S3 storage'))!.quantity;
    // Without a window every article is a batch of one: its page stays, its ten listing pages' old versions a day.
    expect(storage(paged) - storage(measured)).toBeCloseTo((2592 * 9000 + (2592 * 60_000) / 30) / 1e9);
  });

  it('adds the lines up', () => {
    expect(monthlyUsd(lines)).toBeCloseTo(lines.reduce((a, l) => a + l.usd, 0));
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, value] of Object.entries(prices)) if (typeof value === 'object') expect(value.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
  });
});

describe('the page pass', () => {
  // Two texts: one in all and tag/a, the other in all and tag/b.
  const feedsOfTexts = [['all', 'tag/a'], ['all', 'tag/b']];
  const pass = emptyTally();
  pass.s3.PutObjectCommand = { requests: 6, bytes: 0 };
  pass.dynamo.PutItemCommand = { requests: 12, readUnits: 0, writeUnits: 12 };
  const withPages: Measured = { ...measured, pagePass: { pages: 6, invocations: 2, tally: pass, cpuMs: 600 }, feedsOfTexts };

  it('expects the distinct feeds of k articles drawn from the measured texts', () => {
    expect(expectedDistinctFeeds(feedsOfTexts, 1)).toBeCloseTo(2);
    // Two articles: all, and each tag with probability 1 - (1/2)^2.
    expect(expectedDistinctFeeds(feedsOfTexts, 2)).toBeCloseTo(1 + 2 * 0.75);
    expect(expectedDistinctFeeds(feedsOfTexts, 50)).toBeCloseTo(3);
  });

  it('renders per article the distinct feeds of a window’s articles, over the articles: fewer as the window grows', () => {
    // No window: each article alone renders its two pages.
    expect(monthlyPages(withPages, scenario, 0).pages).toBeCloseTo(2592 * 2);
    const minute = monthlyPages(withPages, { ...scenario, arrivals: { ...arrivals, articlesPerMonth: 2_592_000 } }, 60); // λW = 60
    expect(minute.pages / 2_592_000).toBeLessThan(3 / 50);
    expect(minute.counts.meanSize).toBeCloseTo(61);
  });

  it('bills the pages as publish requests, its invocations as Lambda requests, and its messages as SQS requests', () => {
    const without = costLines(measured, scenario, prices, 0);
    const lines = costLines(withPages, { ...scenario, pagesWindowSeconds: 0 }, prices, 0);
    const diff = (prefix: string) => lines.find((l) => l.line.startsWith(prefix))!.quantity - without.find((l) => l.line.startsWith(prefix))!.quantity;
    // 2 pages an article at one PUT and two write units each (the measured pass's, per page).
    expect(diff('S3 PUT: publish')).toBeCloseTo(2592 * 2);
    expect(diff('DynamoDB writes: publish')).toBeCloseTo(2592 * 2 * 2);
    expect(diff('Lambda requests')).toBeCloseTo(2592);
    expect(diff('Lambda compute')).toBeCloseTo(2592 * 2 * (100 + (1 * 10 + 2 * 1) / 2) / 1000 * 2);
    // The fixture's batches send no message; each pass receives and deletes its one.
    expect(diff('SQS: pages')).toBeCloseTo(2592 * 2);
  });
});

