/**
 * The monthly AWS bill of a scenario, line by line, from figures measured per article and per delivery
 * (./measure.ts) and the list prices of one dated file (infra/cost/prices-*.json). Pure arithmetic:
 * test/bench/cost/model.test.ts checks it on a small fixed input.
 */
import type { Tally } from './meter.ts';

export interface Price {
  usd: number;
  source: string;
}
export type Prices = Record<
  | 'dynamodbWriteRequestUnitPerMillion'
  | 'dynamodbReadRequestUnitPerMillion'
  | 'dynamodbStorageGbMonth'
  | 's3PutPerThousand'
  | 's3GetPerThousand'
  | 'sqsRequestPerMillion'
  | 'lambdaRequestPerMillion'
  | 'lambdaArmGbSecond'
  | 'httpApiRequestPerMillion'
  | 'cloudfrontHttpsRequestPerTenThousand'
  | 'cloudfrontTransferOutGb'
  | 'internetTransferOutGb',
  Price
> & { region: string; asOf: string };

export interface Scenario {
  articles: number;
  subscriptions: number;
  feedGets: number;
  /**
   * Not measured (local runs say nothing about Lambda's speed): billed duration and memory per
   * invocation. Deliver takes batches of `deliverBatch` messages.
   */
  lambda: { ingest: { ms: number; mb: number }; publish: { ms: number; mb: number }; deliver: { ms: number; mb: number }; deliverBatch: number };
}

export const defaultScenario: Scenario = {
  articles: 1_000_000,
  subscriptions: 100,
  feedGets: 10_000_000,
  lambda: { ingest: { ms: 300, mb: 1024 }, publish: { ms: 3000, mb: 1024 }, deliver: { ms: 500, mb: 256 }, deliverBatch: 10 },
};

/** What the model needs from a measured run. */
export interface Measured {
  perArticle: Tally;
  perDelivery: Tally;
  webhookBodyBytes: number;
  feedGzipBytes: number;
}

export interface CostLine {
  line: string;
  quantity: number;
  unit: string;
  usd: number;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const writeUnits = (t: Tally) => sum(Object.values(t.dynamo).map((o) => o.writeUnits));
/**
 * Reads of a delivery: BatchGetItem and Query are left out, since the phase difference they are taken
 * from also holds the month archives' growth (their reads grow with the month); GetItem stays, and the
 * endpoint's share of deliver's one BatchGetItem per batch is added as one unit.
 */
const readUnits = (t: Tally, except: string[] = []) => sum(Object.entries(t.dynamo).filter(([op]) => !except.includes(op)).map(([, o]) => o.readUnits));
const s3 = (t: Tally, op: string) => t.s3[op]?.requests ?? 0;
const storedBytes = (t: Tally) => sum(Object.entries(t.written).filter(([p]) => p !== 'LEASE#').map(([, w]) => w.bytes));

export function costLines(m: Measured, s: Scenario, p: Prices): CostLine[] {
  const deliveries = s.articles * s.subscriptions;
  const deliveryReads = readUnits(m.perDelivery, ['BatchGetItemCommand', 'QueryCommand']) + 1;
  const sqsPerDelivery = sum(Object.values(m.perDelivery.sqs).map((q) => q.requests)) + 2 / s.lambda.deliverBatch; // + receive and delete, batched
  const deliverInvocations = deliveries / s.lambda.deliverBatch;
  const gbSeconds = (n: number, f: { ms: number; mb: number }) => (n * f.ms * f.mb) / 1000 / 1024;
  const lines: CostLine[] = [
    { line: 'DynamoDB writes: ingest and publish', quantity: writeUnits(m.perArticle) * s.articles, unit: 'write units', usd: 0 },
    { line: 'DynamoDB writes: deliveries', quantity: writeUnits(m.perDelivery) * deliveries, unit: 'write units', usd: 0 },
    { line: 'DynamoDB reads: ingest and publish', quantity: readUnits(m.perArticle) * s.articles, unit: 'read units', usd: 0 },
    { line: 'DynamoDB reads: deliveries', quantity: deliveryReads * deliveries, unit: 'read units', usd: 0 },
    { line: 'DynamoDB storage added', quantity: (storedBytes(m.perArticle) * s.articles) / 1e9, unit: 'GB-month', usd: 0 },
    { line: 'S3 PUT: originals, versions, feeds, archives, pages', quantity: s3(m.perArticle, 'PutObjectCommand') * s.articles, unit: 'requests', usd: 0 },
    { line: 'S3 GET/HEAD: publish, and CloudFront revalidating each feed GET', quantity: (s3(m.perArticle, 'HeadObjectCommand') + s3(m.perArticle, 'GetObjectCommand')) * s.articles + s.feedGets, unit: 'requests', usd: 0 },
    { line: 'SQS: deliveries sent, received, deleted', quantity: sqsPerDelivery * deliveries, unit: 'requests', usd: 0 },
    { line: 'Lambda requests', quantity: 2 * s.articles + deliverInvocations, unit: 'requests', usd: 0 },
    { line: 'Lambda compute (assumed durations)', quantity: gbSeconds(s.articles, s.lambda.ingest) + gbSeconds(s.articles, s.lambda.publish) + gbSeconds(deliverInvocations, s.lambda.deliver), unit: 'GB-s', usd: 0 },
    { line: 'API Gateway: POST /articles', quantity: s.articles, unit: 'requests', usd: 0 },
    { line: 'CloudFront: feed GETs', quantity: s.feedGets, unit: 'requests', usd: 0 },
    { line: 'CloudFront: feed bytes out (gzip)', quantity: (s.feedGets * m.feedGzipBytes) / 1e9, unit: 'GB', usd: 0 },
    { line: 'Webhook bytes out', quantity: (deliveries * m.webhookBodyBytes) / 1e9, unit: 'GB', usd: 0 },
  ];
  const rate: number[] = [
    p.dynamodbWriteRequestUnitPerMillion.usd / 1e6,
    p.dynamodbWriteRequestUnitPerMillion.usd / 1e6,
    p.dynamodbReadRequestUnitPerMillion.usd / 1e6,
    p.dynamodbReadRequestUnitPerMillion.usd / 1e6,
    p.dynamodbStorageGbMonth.usd,
    p.s3PutPerThousand.usd / 1e3,
    p.s3GetPerThousand.usd / 1e3,
    p.sqsRequestPerMillion.usd / 1e6,
    p.lambdaRequestPerMillion.usd / 1e6,
    p.lambdaArmGbSecond.usd,
    p.httpApiRequestPerMillion.usd / 1e6,
    p.cloudfrontHttpsRequestPerTenThousand.usd / 1e4,
    p.cloudfrontTransferOutGb.usd,
    p.internetTransferOutGb.usd,
  ];
  return lines.map((l, i) => ({ ...l, usd: l.quantity * rate[i]! }));
}

export const monthlyUsd = (lines: readonly CostLine[]): number => sum(lines.map((l) => l.usd));

/** The table `npm run cost` prints and the README shows. */
export function costTable(lines: readonly CostLine[]): string {
  const rows = lines.map((l) => `| ${l.line} | ${Number(l.quantity.toPrecision(4)).toLocaleString('en-US')} ${l.unit} | ${l.usd.toFixed(2)} |`);
  return ['| line | quantity | USD / month |', '| --- | ---: | ---: |', ...rows, `| **total** | | **${monthlyUsd(lines).toFixed(2)}** |`].join('\n');
}
