/**
 * The measured run behind `npm run cost`: the whole pipeline of `npm start` (startRuntime: the same
 * handlers, on DynamoDB Local, s3rver and the local SQS), in this process, with every request the
 * handlers' SDK clients send counted (./meter.ts) and every log line they write counted (./log-meter.ts).
 * s3rver runs in a child process here (as DynamoDB Local runs in Java), so the CPU time this process
 * spends during an invocation is the handler's, not the S3 stand-in's, which Lambda never pays for.
 * The publish stream's batches are formed by ./stream-gate.ts: the articles of a batch are ingested while
 * the stream is held, then released together, so publish sees them in one invocation.
 *
 * 0. `prefill` articles, so the feeds are full when the measured batches come (as a month in, when a
 *    render reads a whole page of entries), and the handlers warm;
 * 1. Batches of the sizes in `batchSizes`, no subscription: what one article costs to ingest (measured on
 *    each text's first use, see ./articles.ts) and what a batch of k articles costs to publish, with the
 *    feeds it rendered and how long the invocation took;
 * 2. one loopback subscription taking every event, then the first `twins` batches of phase 1 again
 *    (the same texts, so the same feeds), each waited for at its receiver; then `subscriptions` of them
 *    and the same batches once more. The step from one subscription to many, over the deliveries it
 *    added, is what one delivery costs (enqueue, deliver, its logs); the first round less its twins in
 *    phase 1, less its deliveries, is what handing one event over costs (its payload, the subscription
 *    index, the pull channel), whatever that code does today.
 * The page pass (functions/publish/page-pass.ts) does not poll the pages queue here: after each measured
 * batch the run invokes it once on that batch's message (`Runtime.pagePass`), so the listing pages are
 * counted apart from the feed pass, per page rendered; how many pages a month renders is the model's
 * (./pages.ts: the arrival model, the page window, and the feeds each text's article is in, recorded here).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { documentClient } from '../../functions/commons/clients/dynamodb.ts';
import { s3Objects } from '../../functions/commons/clients/s3-objects.ts';
import { sqsQueues } from '../../functions/commons/clients/sqs.ts';
import { devAdminKey } from '../../infra/local/env.ts';
import { startRuntime } from '../../infra/local/runtime.ts';
import { freePort } from '../../test/local/support/npm-start.ts';
import { articleMix, mixSequence, numberedArticle } from './articles.ts';
import { meterLogs } from './log-meter.ts';
import { emptyTally, meterDynamo, meterS3Objects, meterSqs, type Tally } from './meter.ts';
import { installStreamGate } from './stream-gate.ts';

/** One publish batch as measured. */
export interface MeasuredBatch {
  /** Articles in the batch. */
  size: number;
  /** What the publish invocation asked of the services. */
  tally: Tally;
  /** Feeds it rendered (the union of its articles' feeds). */
  feeds: number;
  /** How long the invocation took, in ms, on this machine against the local services. */
  publishMs: number;
  /** CPU time of this process during the invocation (the handler; s3rver runs in its own process), in ms. */
  cpuMs: number;
}

/** The page pass as measured: what its invocations after the measured batches asked of the services, over the pages they rendered. */
export interface MeasuredPagePass {
  /** Listing pages rendered (each a feed named by the batch's message). */
  pages: number;
  invocations: number;
  tally: Tally;
  /** CPU time of this process during the invocations (the handler; s3rver runs in its own process), in ms. */
  cpuMs: number;
}

export interface MeasuredRun {
  /** Texts in the mix, the number of articles published, and how many of them filled the feeds first. */
  mix: { texts: number; articles: number; prefill: number; feedsPerArticle: number };
  subscriptions: number;
  /** Ingest, per article (each text's first use). */
  perArticle: Tally;
  /** Time a POST /articles took, per article, in ms (first uses). */
  ingestMs: number;
  /** CPU time of this process during a POST /articles (the handler and the local API server; s3rver runs in its own process), in ms. */
  ingestCpuMs: number;
  /** Phase 1's publish batches, in the order run. */
  batches: MeasuredBatch[];
  /** The page pass after each of phase 1's batches. */
  pagePass: MeasuredPagePass;
  /** The feeds each text of the mix puts its article in (all, its tags, its publisher), as ingest tagged it. */
  feedsOfTexts: string[][];
  /** Handing one event over to delivery, beyond what publishing costs without subscriptions (phase 2's first round minus its twins, less its deliveries). */
  perEvent: Tally;
  /** One delivery: the step from one subscription to `subscriptions`, over the deliveries it added. */
  perDelivery: Tally;
  /** Deliveries of the last round. */
  deliveries: number;
  /** Bytes of one webhook request body, on average. */
  webhookBodyBytes: number;
  /** Gzipped size of the feed documents after the run (all, a tag, a publisher; three formats each), on average. */
  feedGzipBytes: number;
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

const parts = ['dynamo', 'written', 's3', 'putByPrefix', 'sqs', 'logs'] as const;

/** `a - b`, every count divided by `over`. */
export function perUnit(a: Tally, b: Tally, over: number): Tally {
  const out = emptyTally();
  for (const part of parts) {
    const target = out[part] as Record<string, Record<string, number>>;
    const left = a[part] as Record<string, Record<string, number>>;
    const right = b[part] as Record<string, Record<string, number>>;
    for (const [key, fields] of Object.entries(left)) {
      target[key] = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, (v - (right[key]?.[f] ?? 0)) / over]));
    }
  }
  return out;
}

/** The sum of `tallies`, divided by `over`. */
export function sumOf(tallies: readonly Tally[], over = 1): Tally {
  const out = emptyTally();
  for (const t of tallies) {
    for (const part of parts) {
      const target = out[part] as Record<string, Record<string, number>>;
      for (const [key, fields] of Object.entries(t[part] as Record<string, Record<string, number>>)) {
        const entry = (target[key] ??= {});
        for (const [f, v] of Object.entries(fields)) entry[f] = (entry[f] ?? 0) + v / over;
      }
    }
  }
  return out;
}

/** Sizes that cover the batches of windows from 0 to 30 s at the scenario's rate (./arrivals.ts); small ones repeated, since single articles vary most. */
export const defaultBatchSizes = [1, 2, 1, 3, 1, 4, 2, 1, 6, 9, 13, 18];

/** Articles published before the measured batches (eight uses of each text on average), in batches of `prefillBatch`. */
export const defaultPrefill = 104;
const prefillBatch = 26;

export async function measure(
  options: { batchSizes?: readonly number[]; subscriptions?: number; twins?: number; prefill?: number; log?: (line: string) => void } = {},
): Promise<MeasuredRun> {
  const sizes = options.batchSizes ?? defaultBatchSizes;
  const subscriptions = options.subscriptions ?? 3;
  const twins = Math.min(options.twins ?? 2, sizes.length);
  const prefill = Math.max(1, options.prefill ?? defaultPrefill);
  if (subscriptions < 2) throw new Error('measured run: at least two subscriptions, to tell a delivery from an event');
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'syndicate-cost-'));
  const tally = emptyTally();
  // Handlers log as deployed (INFO, EMF metrics on), so their log bytes can be counted.
  const saved = { level: process.env.POWERTOOLS_LOG_LEVEL, metrics: process.env.POWERTOOLS_METRICS_DISABLED };
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const gate = installStreamGate();
  const stopLogMeter = meterLogs(tally);
  // The gate forms the batches: the poller's own batching window (2 s, as deployed) would gather a released
  // read with the held empty ones after it, so the gate would close before publish ran and the run would stop.
  // No page pass polls: the run invokes it itself after each measured batch, to count it apart.
  const runtime = await startRuntime({ dataDir, port: await freePort(), reset: true, publishBatchingWindowSeconds: 0, pagesBatchingWindowSeconds: false, s3InChildProcess: true, log: (line) => process.env.COST_VERBOSE && log(line) }).catch((error: unknown) => {
    stopLogMeter();
    gate.remove();
    throw error;
  });
  const receivers: Receiver[] = [];
  try {
    const api = runtime.info.apiUrl;
    const admin = { authorization: `Bearer ${process.env.SYNDICATE_ADMIN_KEY || devAdminKey}` };
    await until('the runtime to be healthy', async () => (await fetch(`${api}/health`)).status === 200, 120_000);
    meterDynamo(documentClient(), tally);
    meterS3Objects(s3Objects(runtime.info.bucketName), tally); // every handler's S3 calls (signed requests, no SDK client)
    meterSqs(sqsQueues(), tally);
    const mix = articleMix();
    const sequence = mixSequence(mix.length, prefill + sizes.reduce((a, b) => a + b, 0));
    const run = Date.now().toString(36);
    let next = 0;
    const seen = new Set<number>();
    const firstUses: Tally[] = [];
    const ingestTimes: number[] = [];
    const ingestCpu: number[] = [];
    /** The feeds each text's article is in (feedsOf in functions/core/feeds/keys.ts: all, its tags, its publisher). */
    const feedsOfText = new Map<number, string[]>();

    /** Ingests the articles of texts `texts`; returns their ids, and records ingest on each text's first use. */
    const ingest = async (texts: readonly number[]): Promise<string[]> => {
      const ids: string[] = [];
      for (const t of texts) {
        const before = clone(tally);
        const started = performance.now();
        const cpu = process.cpuUsage();
        const res = await fetch(`${api}/articles`, { method: 'POST', headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' }, body: numberedArticle(mix[t]!.text, next, run) });
        const body = (await res.json()) as { id?: string; tags?: Array<{ id?: string }>; publisher?: { id?: string } };
        if (res.status !== 201 || !body.id) throw new Error(`measured run: article ${next} (${mix[t]!.name}) answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        if (!seen.has(t)) {
          ingestTimes.push(performance.now() - started);
          const used = process.cpuUsage(cpu);
          ingestCpu.push((used.user + used.system) / 1000);
          firstUses.push(perUnit(tally, before, 1));
          seen.add(t);
        }
        feedsOfText.set(t, ['all', ...(body.tags ?? []).map((tag) => `tag/${tag.id}`), `publisher/${body.publisher?.id}`]);
        ids.push(body.id);
        next += 1;
      }
      return ids;
    };
    const feedsOf = (texts: readonly number[]) => new Set(texts.flatMap((t) => feedsOfText.get(t) ?? [])).size;
    /** Background work (deliveries after publish) has settled when the counts stop moving. */
    const settle = async () => {
      let last = '';
      for (;;) {
        await sleep(1500);
        const now = JSON.stringify(tally);
        if (now === last) return;
        last = now;
      }
    };
    const inFeed = async (id: string) => {
      const res = await fetch(`${api}/feeds/all.json`);
      return res.status === 200 && (await res.text()).includes(id);
    };

    // Warm-up batches, not counted as batches: the handlers' first invocation loads modules and writes the
    // brand assets, and a month in, feeds are full (a render reads a full page of entries) and cut pages.
    for (let done = 0; done < prefill; done += prefillBatch) {
      await ingest(sequence.slice(done, Math.min(prefill, done + prefillBatch)));
      await gate.drain();
    }
    // The prefill's listing pages, so each measured pass renders only what its batch changed.
    while ((await runtime.pagePass()) > 0);
    log(`cost: ${prefill} articles published to fill the feeds`);
    const pagePass: MeasuredPagePass = { pages: 0, invocations: 0, tally: emptyTally(), cpuMs: 0 };
    const batches: MeasuredBatch[] = [];
    const batchTexts: number[][] = [];
    for (const size of sizes) {
      const texts = sequence.slice(next, next + size);
      const ids = await ingest(texts);
      const before = clone(tally);
      const released = await gate.release();
      // A batch is measured whole or not at all: nothing of it may be left for a later read.
      const left = await gate.drain();
      if (left.records > 0) throw new Error(`measured run: a batch of ${size} did not fit one stream read (${left.records} records left for another)`);
      batches.push({ size, tally: perUnit(tally, before, 1), feeds: feedsOf(texts), publishMs: released.publishMs, cpuMs: released.cpuMs });
      batchTexts.push(texts);
      if (!(await inFeed(ids.at(-1)!))) throw new Error(`measured run: a batch of ${size} was published (${released.records} article records, ${released.invocations} invocation) but its last article is not in /feeds/all.json`);
      log(`cost: batch of ${size} published (${batches.at(-1)!.feeds} feeds, ${released.publishMs.toFixed(0)} ms)`);
      const beforePass = clone(tally);
      const cpu = process.cpuUsage();
      const messages = await runtime.pagePass();
      const used = process.cpuUsage(cpu);
      if (messages !== 1) throw new Error(`measured run: the page pass after a batch of ${size} took ${messages} messages, not the batch's one`);
      pagePass.tally = sumOf([pagePass.tally, perUnit(tally, beforePass, 1)]);
      pagePass.cpuMs += (used.user + used.system) / 1000;
      pagePass.pages += feedsOf(texts);
      pagePass.invocations += 1;
    }

    /** Publishes the twins of phase 1's first batches to the receivers there are; their publish and delivery. */
    const twinRound = async (label: string): Promise<Tally> => {
      const round: Tally[] = [];
      for (let j = 0; j < twins; j++) {
        const ids = await ingest(batchTexts[j]!);
        const before = clone(tally);
        await gate.release();
        await until(`${label} batch ${j}'s webhooks`, () => receivers.every((r) => ids.every((id) => r.ids.has(id))));
        await settle();
        round.push(perUnit(tally, before, 1));
      }
      log(`cost: ${label}: ${twins} twin batches delivered to ${receivers.length} subscription(s)`);
      return sumOf(round);
    };
    const subscribe = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const r = await receiver();
        receivers.push(r);
        const res = await fetch(`${api}/subscriptions`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ url: r.url }) });
        if (res.status !== 201) throw new Error(`measured run: subscription answered ${res.status}`);
      }
      await settle();
    };
    // One subscription, then `subscriptions`: the step between the two is per delivery, the rest of the first per event.
    const events = batchTexts.slice(0, twins).reduce((a, t) => a + t.length, 0);
    await subscribe(1);
    const one = await twinRound('one subscription');
    await subscribe(subscriptions - 1);
    const many = await twinRound(`${subscriptions} subscriptions`);
    const perDelivery = perUnit(many, one, events * (subscriptions - 1));
    const perEvent = perUnit(perUnit(one, sumOf(batches.slice(0, twins).map((b) => b.tally)), events), perDelivery, 1);

    const feedFiles = ['all', 'tags/raqqa', 'publishers/opslens'].flatMap((base) => ['rss', 'atom', 'json'].map((ext) => `${api}/feeds/${base}.${ext}`));
    const sizesGz = await Promise.all(feedFiles.map(async (url) => gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).byteLength));
    const bodies = receivers.flatMap((r) => r.bodies);
    const firstUseFeeds = [...seen].map((t) => feedsOf([t]));
    return {
      mix: { texts: mix.length, articles: next, prefill, feedsPerArticle: firstUseFeeds.reduce((a, b) => a + b, 0) / firstUseFeeds.length },
      subscriptions,
      perArticle: sumOf(firstUses, firstUses.length),
      ingestMs: ingestTimes.reduce((a, b) => a + b, 0) / ingestTimes.length,
      ingestCpuMs: ingestCpu.reduce((a, b) => a + b, 0) / ingestCpu.length,
      batches,
      pagePass,
      feedsOfTexts: mix.map((_, t) => feedsOfText.get(t) ?? []),
      perEvent,
      perDelivery,
      deliveries: events * subscriptions,
      webhookBodyBytes: bodies.reduce((a, b) => a + b, 0) / Math.max(1, bodies.length),
      feedGzipBytes: sizesGz.reduce((a, b) => a + b, 0) / sizesGz.length,
    };
  } finally {
    for (const r of receivers) await r.close();
    await runtime.stop();
    stopLogMeter();
    gate.remove();
    if (saved.level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = saved.level;
    if (saved.metrics === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved.metrics;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
