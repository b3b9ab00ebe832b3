/**
 * The monthly AWS bill of a scenario, line by line, from figures measured per article (ingest), per
 * publish batch of k articles, per event handed over and per delivery (./measure.ts), the month's batches
 * for a batching window (./arrivals.ts) and the list prices of one dated file (infra/cost/prices-*.json).
 * Pure arithmetic: test/bench/cost/model.test.ts checks it on a small fixed input.
 */
import { monthlyBatches, type Arrivals, type BatchCounts } from './arrivals.ts';
import { ARTICLE_PAGES, emptyTally, type Tally } from './meter.ts';
import { monthlyPagesOf, type MeasuredPages, type MonthlyPages } from './pages.ts';

export interface Price {
  usd: number;
  source: string;
}
export type PriceName =
  | 'dynamodbWriteRequestUnitPerMillion'
  | 'dynamodbReadRequestUnitPerMillion'
  | 'dynamodbStorageGbMonth'
  | 'dynamodbPitrGbMonth'
  | 's3PutPerThousand'
  | 's3GetPerThousand'
  | 's3StorageGbMonth'
  | 'sqsRequestPerMillion'
  | 'lambdaRequestPerMillion'
  | 'lambdaArmGbSecond'
  | 'httpApiRequestPerMillion'
  | 'cloudfrontHttpsRequestPerTenThousand'
  | 'cloudfrontTransferOutGb'
  | 'internetTransferOutGb'
  | 'cloudwatchLogsIngestGb'
  | 'kmsKeyMonth'
  | 'secretsManagerSecretMonth'
  | 'cloudwatchDashboardMonth';
export type Prices = Record<PriceName, Price> & { region: string; asOf: string };

export interface Scenario {
  arrivals: Arrivals;
  subscriptions: number;
  feedGets: number;
  /** Memory (MB) of each function, as the stack sets it (infra/definitions.ts `lambdas`). */
  memoryMb: { ingest: number; publish: number; deliver: number };
  /**
   * Deliver takes batches of `deliverBatch` messages and lasts about `deliverBatchMs` (its endpoints'
   * answers: not measurable on loopback; infra/definitions.ts `deliverSizing`).
   */
  deliverBatch: number;
  deliverBatchMs: number;
  /**
   * Deliver's reads of its endpoints (subscriptionReadsPerDelivery): each container keeps a subscription it
   * read for `cacheSeconds` (functions/deliver/subscription-cache.ts), messages are spread over at most
   * `containers` (the event source's maxConcurrency), and one read of a profile costs `unitsPerRead`
   * (eventually consistent, an item under 4 KB: 0.5).
   */
  subscriptionReads: { cacheSeconds: number; containers: number; unitsPerRead: number };
  /**
   * Billed time of ingest and publish. Their wall time on this machine says little (a shared 2-core box,
   * DynamoDB Local and s3rver), so it is taken as the CPU time the run measured for the invocation plus,
   * for each request it made, a typical in-region answer time, over the requests it has in flight at once.
   */
  latencyMs: { s3: number; dynamodb: number; sqs: number };
  inFlight: { ingest: number; publish: number };
  /** Fixed resources: customer-managed KMS keys, secrets, dashboards. */
  fixed: { kmsKeys: number; secrets: number; dashboards: number };
  /** The pages queue's batching window (the page pass: ./pages.ts), as the stack deploys it. */
  pagesWindowSeconds: number;
}

/** What the model needs from a measured run. */
export interface Measured extends MeasuredPages {
  perArticle: Tally;
  ingestCpuMs: number;
  batches: ReadonlyArray<{ size: number; tally: Tally; cpuMs: number; feeds: number }>;
  perEvent: Tally;
  perDelivery: Tally;
  webhookBodyBytes: number;
  feedGzipBytes: number;
}

export interface CostLine {
  line: string;
  quantity: number;
  unit: string;
  price: PriceName;
  usd: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const writeUnits = (t: Tally) => sum(Object.values(t.dynamo).map((o) => o.writeUnits));
const readUnits = (t: Tally, except: readonly string[] = []) => sum(Object.entries(t.dynamo).filter(([op]) => !except.includes(op)).map(([, o]) => o.readUnits));
const s3 = (t: Tally, ...ops: string[]) => sum(ops.map((op) => t.s3[op]?.requests ?? 0));
/**
 * Items that stay: a feed's state item (which carries its render lease) is rewritten in place at each
 * render (its few archive page items, one per 50 articles of a feed, are left out with it). `LEASE#` items
 * are what the lease code before the state-item lease wrote and deleted; a run of that code counts the same.
 */
const rewritten = new Set(['LEASE#', 'FEEDSTATE#']);
/** DynamoDB bills each stored item's bytes plus 100 bytes of overhead (indexing, per its pricing page). */
const ITEM_OVERHEAD_BYTES = 100;
const storedItemBytes = (t: Tally) =>
  sum(Object.entries(t.written).filter(([p]) => !rewritten.has(p)).map(([, w]) => w.bytes + w.count * ITEM_OVERHEAD_BYTES));
const putBytes = (t: Tally, prefix: string) => t.putByPrefix[prefix]?.bytes ?? 0;
const logBytes = (t: Tally) => sum(Object.values(t.logs).map((l) => l.bytes));
const sqsMessages = (t: Tally) => sum(Object.values(t.sqs).map((q) => q.messages));
const sqsBytes = (t: Tally) => sum(Object.values(t.sqs).map((q) => q.bytes));

/** `Σ weight × tally`, field by field. */
export function weighted(parts: ReadonlyArray<readonly [number, Tally]>): Tally {
  const out = emptyTally();
  for (const [weight, t] of parts) {
    for (const part of Object.keys(t) as Array<keyof Tally>) {
      const target = out[part] as Record<string, Record<string, number>>;
      for (const [key, fields] of Object.entries(t[part] as Record<string, Record<string, number>>)) {
        const entry = (target[key] ??= {});
        for (const [f, v] of Object.entries(fields)) entry[f] = (entry[f] ?? 0) + weight * v;
      }
    }
  }
  return out;
}

/** A tally whose negative counts (noise of a difference between two runs) are taken as none. */
export const atLeastZero = (t: Tally): Tally => {
  const out = weighted([[1, t]]);
  for (const part of Object.values(out) as Array<Record<string, Record<string, number>>>) {
    for (const fields of Object.values(part)) for (const f of Object.keys(fields)) fields[f] = Math.max(0, fields[f]!);
  }
  return out;
};

interface SizePoint {
  size: number;
  tally: Tally;
  cpuMs: number;
  feeds: number;
}

/** The measured batches averaged by size, smallest first. */
export function pointsBySize(batches: Measured['batches']): SizePoint[] {
  const sizes = [...new Set(batches.map((b) => b.size))].sort((a, b) => a - b);
  const mean = (values: number[]) => sum(values) / values.length;
  return sizes.map((size) => {
    const same = batches.filter((b) => b.size === size);
    return { size, tally: weighted(same.map((b) => [1 / same.length, b.tally] as const)), cpuMs: mean(same.map((b) => b.cpuMs)), feeds: mean(same.map((b) => b.feeds)) };
  });
}

/**
 * What a batch of `k` articles costs to publish: measured sizes as they are, sizes between two measured
 * ones on the straight line between them, sizes beyond the largest on the line through the two largest.
 */
export function publishCostAt(points: readonly SizePoint[], k: number): Omit<SizePoint, 'size'> {
  if (points.length === 0) throw new Error('cost model: no measured batch');
  const only = points[0]!;
  if (points.length === 1) return { tally: weighted([[k / only.size, only.tally]]), cpuMs: (only.cpuMs * k) / only.size, feeds: (only.feeds * k) / only.size };
  let i = points.findIndex((p) => p.size >= k);
  if (i === -1) i = points.length - 1;
  if (i === 0) i = 1;
  const [lo, hi] = [points[i - 1]!, points[i]!];
  const t = (k - lo.size) / (hi.size - lo.size);
  const between = (a: number, b: number) => (1 - t) * a + t * b;
  return { tally: weighted([[1 - t, lo.tally], [t, hi.tally]]), cpuMs: between(lo.cpuMs, hi.cpuMs), feeds: between(lo.feeds, hi.feeds) };
}

const requests = (t: Record<string, { requests: number }>) => sum(Object.values(t).map((o) => o.requests));

/** An invocation's billed time: its CPU time, and its requests' answer times over the requests in flight at once. */
export function billedMs(t: Tally, cpuMs: number, latency: Scenario['latencyMs'], inFlight: number): number {
  return cpuMs + (requests(t.s3) * latency.s3 + requests(t.dynamo) * latency.dynamodb + requests(t.sqs) * latency.sqs) / inFlight;
}

/** The month's publishing for a window: batches by size, each at its measured (or interpolated) cost. */
export function monthlyPublish(m: Measured, s: Scenario, windowSeconds: number): { counts: BatchCounts; tally: Tally; gbSeconds: number; feedsRendered: number } {
  const counts = monthlyBatches(s.arrivals, windowSeconds);
  const points = pointsBySize(m.batches);
  const parts: Array<readonly [number, Tally]> = [];
  let ms = 0;
  let feedsRendered = 0;
  counts.bySize.forEach((n, k) => {
    if (n === 0 || k === 0) return;
    const at = publishCostAt(points, k);
    parts.push([n, at.tally]);
    ms += n * billedMs(at.tally, at.cpuMs, s.latencyMs, s.inFlight.publish);
    feedsRendered += n * at.feeds;
  });
  return { counts, tally: weighted(parts), gbSeconds: (ms / 1000) * (s.memoryMb.publish / 1024), feedsRendered };
}

/** The month's page pass at the scenario's pages window (./pages.ts), billed as publish is (it runs in publish). */
export function monthlyPages(m: Measured, s: Scenario, windowSeconds = s.pagesWindowSeconds): MonthlyPages & { gbSeconds: number } {
  const month = monthlyPagesOf(m, s.arrivals, windowSeconds, weighted, (t, cpuMs) => billedMs(t, cpuMs, s.latencyMs, s.inFlight.publish));
  return { ...month, gbSeconds: (month.billedMs / 1000) * (s.memoryMb.publish / 1024) };
}

/**
 * Reads of events and deliveries: their Query and BatchGetItem reads are left out, since the run
 * differences they come from also hold the feeds filling up between the rounds (publish's reads grow as
 * feeds fill), and the run's few deliveries a few seconds apart all find their endpoint in deliver's cache;
 * GetItem stays, and each delivery's share of deliver's endpoint reads is subscriptionReadsPerDelivery.
 */
const growthReads = ['BatchGetItemCommand', 'QueryCommand'];

/**
 * How often a delivery reads its endpoint, at most. A subscription's messages come once per event it takes,
 * `eventsPerSecond` (a Poisson stream), spread over at most C containers, so each container sees them at
 * λ/C. Its entry serves them for T seconds after a read; the first message after that reads again. A read
 * thus serves 1 + λT/C messages on average, and a delivery costs 1 / (1 + λT/C) reads: more containers,
 * more reads, so C = the concurrency cap bounds it. test/deliver/subscription-reads.test.ts checks it
 * against the cache itself on DynamoDB Local.
 */
export const subscriptionReadsPerDelivery = (eventsPerSecond: number, r: Scenario['subscriptionReads']): number =>
  1 / (1 + (eventsPerSecond * r.cacheSeconds) / r.containers);

export function costLines(m: Measured, s: Scenario, p: Prices, windowSeconds: number): CostLine[] {
  const articles = s.arrivals.articlesPerMonth;
  const deliveries = articles * s.subscriptions;
  const publish = monthlyPublish(m, s, windowSeconds);
  const event = atLeastZero(m.perEvent);
  const delivery = atLeastZero(m.perDelivery);
  // The page pass runs in publish: its requests are publish's (feed state, leases, index reads, the pages' PUTs).
  const pages = monthlyPages(m, s);
  const pub = weighted([[1, publish.tally], [1, pages.tally]]);
  // One message a publish batch (sent by it, in its tally), received and deleted ten at a time by the page pass.
  const pageMessagesPerPass = pages.counts.batches > 0 ? publish.counts.batches / pages.counts.batches : 0;
  const pageQueueRequests = requests(publish.tally.sqs) + pages.counts.batches * 2 * Math.ceil(pageMessagesPerPass / 10);
  const ingest = m.perArticle;
  // Each SQS request carries up to 64 KB; a message is sent, received and deleted in batches of `deliverBatch`.
  const sqsChunks = (t: Tally) => (sqsMessages(t) === 0 ? 0 : sqsMessages(t) * Math.max(1, Math.ceil(sqsBytes(t) / sqsMessages(t) / 65_536)));
  const deliverInvocations = deliveries / s.deliverBatch;
  // Every subscription takes every event in the scenario: an event a second each is the article rate.
  const endpointReadUnits = subscriptionReadsPerDelivery(articles / (s.arrivals.days * 86_400), s.subscriptionReads) * s.subscriptionReads.unitsPerRead;
  const gb = (bytes: number) => bytes / 1e9;
  const lines: Array<Omit<CostLine, 'usd'> & { perUnit: number }> = [
    { line: 'DynamoDB writes: ingest', quantity: writeUnits(ingest) * articles, unit: 'write units', price: 'dynamodbWriteRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB writes: publish (feed index, feed state, leases, pull channel)', quantity: writeUnits(pub), unit: 'write units', price: 'dynamodbWriteRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB writes: events handed over', quantity: writeUnits(event) * articles, unit: 'write units', price: 'dynamodbWriteRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB writes: deliveries', quantity: writeUnits(delivery) * deliveries, unit: 'write units', price: 'dynamodbWriteRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB reads: ingest', quantity: readUnits(ingest) * articles, unit: 'read units', price: 'dynamodbReadRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB reads: publish (feed state, index, articles)', quantity: readUnits(pub), unit: 'read units', price: 'dynamodbReadRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB reads: events and deliveries', quantity: readUnits(event, growthReads) * articles + (readUnits(delivery, growthReads) + endpointReadUnits) * deliveries, unit: 'read units', price: 'dynamodbReadRequestUnitPerMillion', perUnit: 1e-6 },
    { line: 'DynamoDB storage added in the month', quantity: gb(storedItemBytes(ingest) * articles + storedItemBytes(pub) + storedItemBytes(event) * articles + storedItemBytes(delivery) * deliveries), unit: 'GB-month', price: 'dynamodbStorageGbMonth', perUnit: 1 },
    { line: 'DynamoDB point-in-time recovery of it', quantity: gb(storedItemBytes(ingest) * articles + storedItemBytes(pub) + storedItemBytes(event) * articles + storedItemBytes(delivery) * deliveries), unit: 'GB-month', price: 'dynamodbPitrGbMonth', perUnit: 1 },
    { line: 'S3 PUT: ingest (originals, bodies)', quantity: s3(ingest, 'PutObjectCommand') * articles, unit: 'requests', price: 's3PutPerThousand', perUnit: 1e-3 },
    { line: 'S3 PUT: publish (feeds, archives, article pages; listing pages in the page pass)', quantity: s3(pub, 'PutObjectCommand'), unit: 'requests', price: 's3PutPerThousand', perUnit: 1e-3 },
    { line: 'S3 GET/HEAD: ingest and publish', quantity: s3(ingest, 'HeadObjectCommand', 'GetObjectCommand') * articles + s3(pub, 'HeadObjectCommand', 'GetObjectCommand'), unit: 'requests', price: 's3GetPerThousand', perUnit: 1e-3 },
    { line: 'S3 GET: CloudFront revalidating each feed GET (s-maxage=0)', quantity: s.feedGets, unit: 'requests', price: 's3GetPerThousand', perUnit: 1e-3 },
    // Originals, bodies and article pages stay (an article page's rewrite is counted as staying too: an upper bound). A feed's
    // and a listing page's old versions expire after a day (the bucket's FeedVersionsExpire and PageVersionsExpire rules).
    {
      line: 'S3 storage added in the month',
      quantity: gb(
        (putBytes(ingest, 'raw/') + putBytes(ingest, 'articles/') + putBytes(ingest, ARTICLE_PAGES)) * articles +
          putBytes(pub, ARTICLE_PAGES) +
          putBytes(pub, 'articles/') +
          (putBytes(pub, 'feeds/') + putBytes(pub, 'pages/')) / 30,
      ),
      unit: 'GB-month',
      price: 's3StorageGbMonth',
      perUnit: 1,
    },
    { line: 'SQS: deliveries sent, received, deleted', quantity: (sqsChunks(delivery) * deliveries + sqsChunks(event) * articles) * (3 / s.deliverBatch), unit: 'requests', price: 'sqsRequestPerMillion', perUnit: 1e-6 },
    { line: 'SQS: pages messages (one a publish batch; received and deleted by the page pass)', quantity: pageQueueRequests, unit: 'requests', price: 'sqsRequestPerMillion', perUnit: 1e-6 },
    { line: 'Lambda requests', quantity: articles + publish.counts.batches + pages.counts.batches + deliverInvocations, unit: 'requests', price: 'lambdaRequestPerMillion', perUnit: 1e-6 },
    {
      line: 'Lambda compute (ingest, publish and its page pass: CPU measured + request latency; deliver: its sizing)',
      quantity: (articles * billedMs(ingest, m.ingestCpuMs, s.latencyMs, s.inFlight.ingest) * s.memoryMb.ingest) / 1000 / 1024 + publish.gbSeconds + pages.gbSeconds + (deliverInvocations * s.deliverBatchMs * s.memoryMb.deliver) / 1000 / 1024,
      unit: 'GB-s',
      price: 'lambdaArmGbSecond',
      perUnit: 1,
    },
    { line: 'API Gateway: POST /articles', quantity: articles, unit: 'requests', price: 'httpApiRequestPerMillion', perUnit: 1e-6 },
    { line: 'CloudFront: feed GETs', quantity: s.feedGets, unit: 'requests', price: 'cloudfrontHttpsRequestPerTenThousand', perUnit: 1e-4 },
    { line: 'CloudFront: feed bytes out (gzip, every GET a full body)', quantity: gb(s.feedGets * m.feedGzipBytes), unit: 'GB', price: 'cloudfrontTransferOutGb', perUnit: 1 },
    { line: 'Webhook bytes out', quantity: gb(deliveries * m.webhookBodyBytes), unit: 'GB', price: 'internetTransferOutGb', perUnit: 1 },
    { line: 'CloudWatch Logs: handler logs and EMF metrics', quantity: gb(logBytes(ingest) * articles + logBytes(pub) + logBytes(event) * articles + logBytes(delivery) * deliveries), unit: 'GB', price: 'cloudwatchLogsIngestGb', perUnit: 1 },
    { line: 'KMS: customer-managed keys', quantity: s.fixed.kmsKeys, unit: 'keys', price: 'kmsKeyMonth', perUnit: 1 },
    { line: 'Secrets Manager: secrets', quantity: s.fixed.secrets, unit: 'secrets', price: 'secretsManagerSecretMonth', perUnit: 1 },
    { line: 'CloudWatch dashboard', quantity: s.fixed.dashboards, unit: 'dashboards', price: 'cloudwatchDashboardMonth', perUnit: 1 },
  ];
  return lines.map(({ perUnit, ...l }) => ({ ...l, usd: l.quantity * perUnit * p[l.price].usd }));
}

export const monthlyUsd = (lines: readonly CostLine[]): number => sum(lines.map((l) => l.usd));

/** The table `npm run cost` prints and the README shows. */
export function costTable(lines: readonly CostLine[]): string {
  const rows = lines.map((l) => `| ${l.line} | ${Number(l.quantity.toPrecision(4)).toLocaleString('en-US')} ${l.unit} | ${l.usd.toFixed(2)} |`);
  return ['| line | quantity | USD / month |', '| --- | ---: | ---: |', ...rows, `| **total** | | **${monthlyUsd(lines).toFixed(2)}** |`].join('\n');
}
