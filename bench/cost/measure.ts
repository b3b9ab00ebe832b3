/**
 * The measured run behind `npm run cost`: the whole pipeline of `npm start` (the same handlers, on
 * DynamoDB Local, s3rver and the local SQS), in this process, with every request its SDK clients send
 * counted (./meter.ts). Two phases:
 *
 * 1. `articles` articles published one at a time with no subscription, each waited for in
 *    `/feeds/all.json` (one article per publish batch: the scenario's rate of about one article every
 *    2.6 s is slower than the stream's 2 s batching window): what one article costs to ingest and publish;
 * 2. `subscriptions` loopback subscriptions taking every event, then as many articles again, each waited
 *    for at every receiver: the difference from phase 1, divided by the deliveries, is what one
 *    delivery costs (its table writes and reads, queue requests and body bytes), whatever the deliver
 *    code does today.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dynamoDbClient } from '../../functions/commons/clients/dynamodb.ts';
import { s3Client } from '../../functions/commons/clients/s3.ts';
import { sqsClient } from '../../functions/commons/clients/sqs.ts';
import { devAdminKey } from '../../infra/local/env.ts';
import { startRuntime } from '../../infra/local/runtime.ts';
import { freePort } from '../../test/local/support/npm-start.ts';
import { numberedArticle, referenceText } from './articles.ts';
import { emptyTally, meterDynamo, meterS3, meterSqs, type Tally } from './meter.ts';

export interface MeasuredRun {
  articles: number;
  subscriptions: number;
  /** Phase 1 over its articles. */
  perArticle: Tally;
  /** Phase 2 minus phase 1, over phase 2's deliveries. */
  perDelivery: Tally;
  /** Bytes of one webhook request body, on average. */
  webhookBodyBytes: number;
  /** Gzipped size of the feed documents after the run (all, a tag, a publisher; three formats each), on average. */
  feedGzipBytes: number;
  /** Longest time from a POST answering to its article being in /feeds/all.json, in ms. */
  worstPublishToFeedMs: number;
  /** Tags (so feeds) per article. */
  feedsPerArticle: number;
}

interface Receiver {
  url: string;
  bodies: number[];
  ids: Set<string>;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const bodies: number[] = [];
  const ids = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(body.byteLength);
      try {
        const id = (JSON.parse(body.toString('utf8')) as { data?: { id?: string } }).data?.id;
        if (id) ids.add(id);
      } catch {
        // Not a webhook of ours: counted, not kept.
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, ids, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error(`measured run: gave up waiting for ${what}`);
    await sleep(20);
  }
}

const clone = (t: Tally): Tally => JSON.parse(JSON.stringify(t)) as Tally;

/** `a - b`, every count divided by `over`. */
export function perUnit(a: Tally, b: Tally, over: number): Tally {
  const out = emptyTally();
  for (const part of ['dynamo', 'written', 'transactions', 's3', 'sqs'] as const) {
    const target = out[part] as Record<string, Record<string, number>>;
    const left = a[part] as Record<string, Record<string, number>>;
    const right = b[part] as Record<string, Record<string, number>>;
    for (const [key, fields] of Object.entries(left)) {
      target[key] = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, (v - (right[key]?.[f] ?? 0)) / over]));
    }
  }
  return out;
}

export async function measure(options: { articles?: number; subscriptions?: number; log?: (line: string) => void } = {}): Promise<MeasuredRun> {
  const articles = options.articles ?? 12;
  const subscriptions = options.subscriptions ?? 3;
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'syndicate-cost-'));
  const tally = emptyTally();
  const runtime = await startRuntime({ dataDir, port: await freePort(), reset: true, log: (line) => process.env.COST_VERBOSE && log(line) });
  const receivers: Receiver[] = [];
  try {
    const api = runtime.info.apiUrl;
    const admin = { authorization: `Bearer ${process.env.SYNDICATE_ADMIN_KEY || devAdminKey}` };
    const feedItems = async (): Promise<unknown[]> => {
      // A read racing the feed's rewrite may come back cut short: that poll just sees nothing yet.
      const res = await fetch(`${api}/feeds/all.json`);
      try {
        return res.status === 200 ? (((await res.json()) as { items?: unknown[] }).items ?? []) : [];
      } catch {
        return [];
      }
    };
    // The samples npm start publishes on first start, and its own set-up, are not part of the measurement.
    await until('the runtime to be healthy', async () => (await fetch(`${api}/health`)).status === 200, 120_000);
    await sleep(2000);
    meterDynamo(dynamoDbClient(), tally);
    meterS3(s3Client(), tally);
    meterSqs(sqsClient(), tally);

    const text = referenceText();
    const run = Date.now().toString(36);
    let worst = 0;
    let tags = 0;
    const publish = async (n: number, delivered: (id: string) => boolean) => {
      const res = await fetch(`${api}/articles`, { method: 'POST', headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' }, body: numberedArticle(text, n, run) });
      const started = performance.now();
      const body = (await res.json()) as { id: string; tags: unknown[] };
      if (res.status !== 201) throw new Error(`measured run: article ${n} answered ${res.status}`);
      tags = body.tags.length;
      await until(`article ${n} in the feed`, async () => (await feedItems()).some((item) => JSON.stringify(item).includes(body.id)));
      worst = Math.max(worst, performance.now() - started);
      await until(`article ${n}'s webhooks`, () => delivered(body.id));
      return body.id;
    };
    /** Background work (page writes after the feed, deliveries) has settled when the counts stop moving. */
    const settle = async () => {
      let last = '';
      for (;;) {
        await sleep(1500);
        const now = JSON.stringify(tally);
        if (now === last) return;
        last = now;
      }
    };

    for (let n = 0; n < articles; n++) await publish(n, () => true);
    await settle();
    const phase1 = clone(tally);
    log(`cost: phase 1 measured (${articles} articles)`);

    for (let i = 0; i < subscriptions; i++) {
      const r = await receiver();
      receivers.push(r);
      const res = await fetch(`${api}/subscriptions`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ url: r.url }) });
      if (res.status !== 201) throw new Error(`measured run: subscription answered ${res.status}`);
    }
    await settle();
    const beforePhase2 = clone(tally);
    for (let n = articles; n < 2 * articles; n++) {
      await publish(n, (id) => receivers.every((r) => r.ids.has(id)));
    }
    await settle();
    const phase2 = perUnit(tally, beforePhase2, 1);
    const deliveries = articles * subscriptions;
    const perDelivery = perUnit(phase2, phase1, deliveries);

    const feedFiles = ['all', 'tags/raqqa', 'publishers/opslens'].flatMap((base) => ['rss', 'atom', 'json'].map((ext) => `${api}/feeds/${base}.${ext}`));
    const sizes = await Promise.all(feedFiles.map(async (url) => gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).byteLength));
    const bodies = receivers.flatMap((r) => r.bodies);
    return {
      articles,
      subscriptions,
      perArticle: perUnit(phase1, emptyTally(), articles),
      perDelivery,
      webhookBodyBytes: bodies.reduce((a, b) => a + b, 0) / Math.max(1, bodies.length),
      feedGzipBytes: sizes.reduce((a, b) => a + b, 0) / sizes.length,
      worstPublishToFeedMs: worst,
      feedsPerArticle: tags + 2,
    };
  } finally {
    for (const r of receivers) await r.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
