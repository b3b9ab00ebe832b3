/**
 * The cost model's arithmetic on a small fixed input (not a measured run): each line is quantity ×
 * price, scaled by articles or deliveries as it should be, and the total is their sum.
 */
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../bench/cost/meter.ts';
import { costLines, monthlyUsd, type Scenario } from '../../../bench/cost/model.ts';
import { loadPrices } from '../../../bench/cost/run.ts';

const scenario: Scenario = {
  articles: 1000,
  subscriptions: 10,
  feedGets: 20_000,
  lambda: { ingest: { ms: 1000, mb: 1024 }, publish: { ms: 2000, mb: 1024 }, deliver: { ms: 1000, mb: 512 }, deliverBatch: 10 },
};
const perArticle = emptyTally();
perArticle.dynamo.TransactWriteItemsCommand = { requests: 1, readUnits: 0, writeUnits: 40 };
perArticle.dynamo.QueryCommand = { requests: 8, readUnits: 20, writeUnits: 0 };
perArticle.written['ARTICLE#'] = { count: 2, bytes: 2_000_000, unitsIfPlain: 10 };
perArticle.written['LEASE#'] = { count: 10, bytes: 1_000_000, unitsIfPlain: 10 };
perArticle.s3.PutObjectCommand = { requests: 100, bytes: 0 };
perArticle.s3.HeadObjectCommand = { requests: 50, bytes: 0 };
const perDelivery = emptyTally();
perDelivery.dynamo.UpdateItemCommand = { requests: 1, readUnits: 0, writeUnits: 2 };
perDelivery.dynamo.BatchGetItemCommand = { requests: 1, readUnits: 999, writeUnits: 0 };
perDelivery.sqs.SendMessageBatchCommand = { requests: 0.1, messages: 1 };
const measured = { perArticle, perDelivery, webhookBodyBytes: 1000, feedGzipBytes: 5000 };
const prices = loadPrices();

describe('the cost model', () => {
  const lines = costLines(measured, scenario, prices);
  const line = (prefix: string) => lines.find((l) => l.line.startsWith(prefix))!;

  it('scales per-article figures by articles and per-delivery ones by articles × subscriptions', () => {
    expect(line('DynamoDB writes: ingest').quantity).toBe(40_000);
    expect(line('DynamoDB writes: deliveries').quantity).toBe(20_000);
    expect(line('DynamoDB reads: ingest').quantity).toBe(20_000);
    // A delivery's BatchGetItem share is taken as one read unit, not the phase difference.
    expect(line('DynamoDB reads: deliveries').quantity).toBe(10_000);
    expect(line('SQS').quantity).toBeCloseTo(0.3 * 10_000);
    expect(line('Webhook bytes').quantity).toBeCloseTo(0.01);
  });

  it('prices each line from the dated price file', () => {
    expect(line('DynamoDB writes: ingest').usd).toBeCloseTo(40_000 * 0.625e-6);
    expect(line('S3 PUT').usd).toBeCloseTo(100_000 * 0.005e-3);
    expect(line('S3 GET').usd).toBeCloseTo((50_000 + 20_000) * 0.0004e-3);
    expect(line('DynamoDB storage').quantity).toBeCloseTo(2); // lease items do not stay
    expect(line('Lambda compute').quantity).toBeCloseTo(1000 * 1 + 1000 * 2 + 1000 * 0.5);
    expect(line('CloudFront: feed bytes').usd).toBeCloseTo(0.1 * 0.085);
  });

  it('adds the lines up', () => {
    expect(monthlyUsd(lines)).toBeCloseTo(lines.reduce((a, l) => a + l.usd, 0));
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, value] of Object.entries(prices)) if (typeof value === 'object') expect(value.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
  });
});
