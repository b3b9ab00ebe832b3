/**
 * `npm run bench -- webhooks`
 * - webhooks.signaturesPerSec: Standard Webhooks signatures over 2 KB bodies,
 *   beside a plain HMAC-SHA256 of the same bytes (the floor: signing should
 *   cost little more than the MAC itself).
 * - webhooks.fanoutSeconds: one article to 1,000 subscriptions on loopback
 *   receivers, end to end: enqueue through the real SQS client into the local
 *   runtime's SQS emulator, the real deliver handler driven by its event source
 *   mapping (5 pollers × batches of 10, as Lambda starts), DynamoDB Local for
 *   subscriptions and the delivery log. Baseline in the same run: the same
 *   1,000 signed POSTs sent straight to the same receivers at the same
 *   concurrency (50), with no queue and no table: what the pipeline adds; and
 *   the table's own floor, as many plain PutItems on DynamoDB Local as the
 *   fan-out made table calls, at the same concurrency.
 * - webhooks.tableWritesPerDelivery (and reads, and calls): every command the
 *   shared DynamoDB client sends during the fan-out, counted by an interceptor
 *   on it (functions/commons/clients/dynamo-documents.ts), divided by the deliveries. Writes and reads count items (a
 *   BatchWriteItem of 10 attempt entries is 10 writes, a BatchGetItem of 10
 *   subscriptions 10 reads); calls count round trips. The event's one payload
 *   write and its index Query are included.
 * - webhooks.isolationP95Ratio: 50 healthy loopback receivers get 10 events
 *   each through the same pipeline, driven as the stack sizes the deliver
 *   mapping (deliverQueueSource.maxConcurrency batches at once, one
 *   container's breakers and in-flight limits); the p95 of their delivery
 *   latency (enqueue → arrival) while 2 more endpoints hang (accept, never
 *   answer) and 2 answer 500, divided by the p95 of the same 50 alone.
 * - webhooks.crashLostDeliveries: the crash test's scenario
 *   (test/local/support/crash-scenario.ts) with CRASH_ARTICLES articles:
 *   `npm start`, four verifying partners, SIGKILL of the runtime's process
 *   group after half the articles, restart on the same data, the rest
 *   published; the (partner, matching accepted article) pairs still missing
 *   two minutes after the last publish. Also reported: pairs expected, and
 *   article events any partner received under more than one webhook-id.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ArticleEvent } from '#core/article/events.ts';
import type { WebhookAdapters } from '../../functions/deliver/compose.ts';
import { secretFromBytes, signRequest } from '#core/webhooks/signer.ts';
import { newSubscription } from '#core/webhooks/subscription.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import { deliverQueueSource, env } from '#infra/definitions.ts';
import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import { localQueueDefinitions, localQueueNames } from '../../infra/local/queues.ts';
import { localServicesEnv, startLocalServices } from '../../infra/local/services.ts';
import { LocalSqs } from '../../infra/local/sqs/broker.ts';
import { SqsEventSource } from '../../infra/local/sqs/event-source.ts';
import { serveSqs } from '../../infra/local/sqs/http.ts';

const SUBSCRIPTIONS = 1000;
const RECEIVERS = 10;
const POLLERS = 5;
const BATCH = 10;
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** Runs `count` tasks with at most `width` in flight. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < count; i = next++) await task(i);
    }),
  );
}

function perSecond(work: () => void, minMs = 1000): number {
  for (let i = 0; i < 2000; i++) work();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 500; i++) work();
    n += 500;
  }
  return n / ((performance.now() - start) / 1000);
}

function signatures(): Record<string, number> {
  const secret = secretFromBytes(randomBytes(32));
  const key = randomBytes(32);
  const body = JSON.stringify({ type: 'article.published', data: { summary: 'x'.repeat(2000) } }).slice(0, 2048);
  const id = 'msg_2Kq8n0x1bQ9mZ0p3r4s5t6u7v8w';
  const timestamp = 1_740_000_000;
  const signed = perSecond(() => signRequest({ id, timestamp, body, secrets: [secret] }));
  const baseline = perSecond(() => createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  const rotating = perSecond(() => signRequest({ id, timestamp, body, secrets: [secret, secret] }));
  return {
    'webhooks.signaturesPerSec': Math.round(signed),
    'webhooks.signaturesPerSec.baselineHmacPerSec': Math.round(baseline),
    'webhooks.signaturesPerSec.ratioToHmac': signed / baseline,
    'webhooks.signaturesPerSec.duringRotation': Math.round(rotating),
  };
}

/** A made-up article for the bench (our own words). */
const benchEvent = (id = 'art_bench_fanout'): ArticleEvent => {
  const at = new Date().toISOString();
  return {
    type: 'article.published',
    occurredAt: at,
    article: {
      id, version: 1, status: 'published', fingerprint: 'b'.repeat(64),
      publisher: { id: 'bench-desk', name: 'Bench Desk' },
      headline: 'Fan-out benchmark article', body: ['Written for the fan-out benchmark; it carries no news.'],
      bodyHtml: '<p>Written for the fan-out benchmark; it carries no news.</p>', summary: 'Written for the fan-out benchmark.',
      language: 'en', slug: 'fan-out-benchmark-article', wordCount: 9, readingTimeMinutes: 1, tags: [], notes: [],
      source: { format: 'text' }, publishedAt: at, updatedAt: at,
    },
  };
};

interface Receivers {
  urls: string[];
  count: () => number;
  reset: () => void;
  close: () => Promise<void>;
}

/** Loopback receivers answering 204; the subscriptions spread over them by path. */
async function startReceivers(): Promise<Receivers> {
  let received = 0;
  const servers: Server[] = [];
  for (let i = 0; i < RECEIVERS; i++) {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    servers.push(server);
  }
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  return {
    urls: Array.from({ length: SUBSCRIPTIONS }, (_, i) => `http://127.0.0.1:${ports[i % RECEIVERS]}/hook/${i}`),
    count: () => received,
    reset: () => void (received = 0),
    close: async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`fan-out bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Nearest-rank p95. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.95) - 1)] ?? Number.NaN;

const ISOLATION_HEALTHY = 50;
const ISOLATION_EVENTS = 10;

interface IsolationContext {
  sqs: LocalSqs;
  queueName: string;
  adapters: WebhookAdapters;
  enqueue: (events: ArticleEvent[], subscriptionIds: string[]) => Promise<number>;
  containerHandler: (a: WebhookAdapters) => (event: SQSEvent) => Promise<SQSBatchResponse>;
}

/** Healthy receivers' p95 latency alone, then beside 2 hanging and 2 failing endpoints; same pipeline, fresh container each time. */
async function isolation(ctx: IsolationContext): Promise<Record<string, number>> {
  const arrivals = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const kind = req.url!.split('/')[2];
      if (kind === 'hang') return void hanging.add(res);
      if (kind === 'fail') return void res.writeHead(500).end();
      arrivals.set(String(req.headers['webhook-id']), performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const create = async (kind: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = `sub_iso_${kind}_${i}`;
      await ctx.adapters.subscriptions.create(newSubscription({ url: `${base}/${kind}/${i}` }, id, new Date(), ctx.adapters.addressPolicy), secretFromBytes(randomBytes(32)));
      ids.push(id);
    }
    return ids;
  };
  const healthy = await create('ok', ISOLATION_HEALTHY);
  const troubled = [...(await create('hang', 2)), ...(await create('fail', 2))];
  const run = async (label: string, subscriptionIds: string[]) => {
    arrivals.clear();
    const source = new SqsEventSource(ctx.sqs.byName(ctx.queueName), ctx.containerHandler(ctx.adapters), { batchSize: BATCH, concurrency: deliverQueueSource.maxConcurrency, waitMs: 20 });
    source.start();
    const events = Array.from({ length: ISOLATION_EVENTS }, (_, i) => ({ ...benchEvent(), article: { ...benchEvent().article, id: `art_iso_${label}_${i}` } }));
    const started = performance.now();
    const enqueued = await ctx.enqueue(events, subscriptionIds);
    const want = ISOLATION_HEALTHY * ISOLATION_EVENTS;
    if (enqueued !== subscriptionIds.length * ISOLATION_EVENTS) throw new Error(`isolation bench: enqueued ${enqueued}`);
    await until(() => arrivals.size >= want, `${want} healthy deliveries (${label})`, 120_000);
    const latencies = [...arrivals.values()].map((t) => t - started);
    // Let the hanging requests go (as their deadline would), so the pollers stop; leave nothing queued for the next run.
    for (const res of hanging) res.destroy();
    hanging.clear();
    await source.stop();
    ctx.sqs.byName(ctx.queueName).drain();
    return latencies;
  };
  try {
    // A warm-up round first, then alone and beside in turn, twice: each side's p95 over its two rounds, so neither
    // side gets the cold process or the machine's quieter minute to itself.
    await run('warm', healthy);
    const rounds = { alone: [] as number[], beside: [] as number[] };
    for (const round of [1, 2]) {
      rounds.alone.push(...(await run(`alone${round}`, healthy)));
      rounds.beside.push(...(await run(`beside${round}`, [...healthy, ...troubled])));
    }
    const alone = p95(rounds.alone);
    const beside = p95(rounds.beside);
    return {
      'webhooks.isolationP95Ratio': beside / alone,
      'webhooks.isolationP95Ratio.healthyAloneP95Ms': alone,
      'webhooks.isolationP95Ratio.besideTroubledP95Ms': beside,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

/** Exported so the fan-out can be profiled alone (`isolation: false` skips the isolation rounds). */
export async function fanout(options: { isolation?: boolean } = {}): Promise<Record<string, number>> {
  const services = await startLocalServices();
  const sqs = new LocalSqs();
  sqs.define(localQueueDefinitions('bench', [5, 300]));
  const names = localQueueNames('bench');
  const endpoint = await serveSqs(sqs);
  const receivers = await startReceivers();
  // The handlers read everything from the environment, as on AWS; set it before they are imported.
  Object.assign(process.env, localServicesEnv(services), {
    AWS_ENDPOINT_URL_SQS: endpoint.url,
    [env.deliveriesQueueUrl]: sqs.urlOf(names.deliveries),
    [env.deliveriesDlqUrl]: sqs.urlOf(names.deliveriesDlq),
    [env.webhookSecretsKey]: randomBytes(32).toString('base64'),
    [env.allowLoopbackWebhooks]: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  try {
    const { webhookAdapters } = await import('../../functions/deliver/compose.ts');
    const { enqueueDeliveries } = await import('../../functions/deliver/enqueue.ts');
    const { handler, containerHandler } = await import('../../functions/deliver/handler.ts');
    const adapters = await webhookAdapters();
    const now = new Date();
    const secrets: string[] = [];
    for (let i = 0; i < SUBSCRIPTIONS; i += 25) {
      await Promise.all(
        receivers.urls.slice(i, i + 25).map(async (url, j) => {
          const secret = secretFromBytes(randomBytes(32));
          secrets.push(secret);
          await adapters.subscriptions.create(newSubscription({ url }, `sub_bench_${i + j}`, now, adapters.addressPolicy), secret);
        }),
      );
    }

    const event = benchEvent();
    const calls = { writes: 0, reads: 0, calls: 0, counting: false };
    documentClient().intercept(async (call, next) => {
      if (calls.counting) {
        calls.calls++;
        const input = call.input as { RequestItems?: Record<string, unknown[] | { Keys: unknown[] }>; TransactItems?: unknown[] };
        const items = input.TransactItems?.length
          ?? (input.RequestItems ? Object.values(input.RequestItems).reduce((n, r) => n + (Array.isArray(r) ? r.length : r.Keys.length), 0) : 1);
        if (WRITE_COMMANDS.has(`${call.operation}Command`)) calls.writes += items;
        else calls.reads += items;
      }
      return next(call);
    });
    const source = new SqsEventSource(sqs.byName(names.deliveries), handler, { batchSize: BATCH, concurrency: POLLERS, waitMs: 20 });
    source.start();
    /** One event to every subscription, timed from the hand-over to the last delivery received. */
    const fanOut = async (fannedOut: ArticleEvent) => {
      receivers.reset();
      const started = performance.now();
      const { messages } = await enqueueDeliveries([fannedOut], { subscriptions: adapters.subscriptions, payloads: adapters.payloads, queue: adapters.queue, publicBaseUrl: 'https://bench.example' });
      await until(() => receivers.count() >= SUBSCRIPTIONS, `${SUBSCRIPTIONS} deliveries`);
      return { messages, seconds: (performance.now() - started) / 1000 };
    };
    // The first fan-out of a process also pays for compiling the deliver path (node's JIT and DynamoDB Local's)
    // and for opening the receivers' connections, which the direct baseline after it finds ready: it is
    // reported as `coldSeconds`, and the figure is a second fan-out of another event, as a running service sends.
    // Table calls are counted from when the first fan-out has settled (its last invocation may still be writing
    // after its last POST arrived) to when the second has.
    const settled = () => {
      const { visible, inFlight, delayed } = sqs.byName(names.deliveries).counts();
      return visible + inFlight + delayed === 0;
    };
    const cold = await fanOut(benchEvent('art_bench_fanout_first'));
    await until(settled, 'the first fan-out to settle');
    calls.counting = true;
    const { messages: enqueued, seconds } = await fanOut(event);
    await until(settled, 'the fan-out to settle');
    calls.counting = false;
    await source.stop();
    if (enqueued.length !== SUBSCRIPTIONS) throw new Error(`fan-out bench: enqueued ${enqueued.length}, expected ${SUBSCRIPTIONS}`);

    // Baseline: the same signed requests, straight to the receivers at the same concurrency.
    receivers.reset();
    const body = enqueued[0]!.body;
    const baselineStarted = performance.now();
    await inParallel(SUBSCRIPTIONS, POLLERS * BATCH, async (i) => {
      const headers = signRequest({ id: enqueued[i]!.deliveryId, timestamp: Math.floor(Date.now() / 1000), body, secrets: [secrets[i]!] });
      await adapters.sender.send({ url: receivers.urls[i]!, headers: { ...headers }, body });
    });
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;

    const tableStarted = performance.now();
    await inParallel(calls.calls, POLLERS * BATCH, (i) =>
      documentClient().send(new PutCommand({ TableName: tableName(), Item: { pk: `BENCH#${i}`, sk: 'FLOOR', body } })),
    );
    const tableSeconds = (performance.now() - tableStarted) / 1000;
    const isolated = options.isolation === false ? {} : await isolation({
      sqs, queueName: names.deliveries, adapters, containerHandler,
      enqueue: async (events, ids) => {
        const { messages } = await enqueueDeliveries(events, {
          subscriptions: { idsInBuckets: async () => ids.map((id) => ({ id, events: [], bucket: '*' })) },
          payloads: adapters.payloads, queue: adapters.queue, publicBaseUrl: 'https://bench.example',
        });
        return messages.length;
      },
    });
    return {
      ...isolated,
      'webhooks.fanoutSeconds': seconds,
      'webhooks.fanoutSeconds.coldSeconds': cold.seconds,
      'webhooks.fanoutSeconds.coldRatioToDirect': cold.seconds / baselineSeconds,
      'webhooks.fanoutSeconds.baselineDirectPostSeconds': baselineSeconds,
      'webhooks.fanoutSeconds.ratioToDirect': seconds / baselineSeconds,
      'webhooks.fanoutSeconds.baselineTableCallsSeconds': tableSeconds,
      'webhooks.fanoutSeconds.ratioToTableCalls': seconds / tableSeconds,
      'webhooks.fanoutSeconds.deliveriesPerSec': SUBSCRIPTIONS / seconds,
      'webhooks.tableWritesPerDelivery': calls.writes / SUBSCRIPTIONS,
      'webhooks.tableReadsPerDelivery': calls.reads / SUBSCRIPTIONS,
      'webhooks.tableCallsPerDelivery': calls.calls / SUBSCRIPTIONS,
    };
  } finally {
    await receivers.close();
    await endpoint.close();
    await services.stop();
  }
}

const CRASH_ARTICLES = 60;

async function crash(): Promise<Record<string, number | string>> {
  const { runCrashScenario } = await import('../../test/local/support/crash-scenario.ts');
  const outcome = await runCrashScenario({ articles: CRASH_ARTICLES, pauseBeforeKillMs: 500, arrivalTimeoutMs: 120_000 });
  // Articles the API refused (a write conflict or a busy machine's 5xx, after five tries) are expected nowhere; how many is reported.
  return {
    'webhooks.crashLostDeliveries.articlesAccepted': outcome.accepted.size,
    'webhooks.crashLostDeliveries.publishRefusals': JSON.stringify(Object.fromEntries(outcome.refused)),
    'webhooks.crashLostDeliveries': outcome.missing.length,
    'webhooks.crashLostDeliveries.expectedPairs': outcome.expectedPairs,
    'webhooks.crashLostDeliveries.deliveredBeforeKill': outcome.beforeKill.reduce((a, b) => a + b, 0),
    'webhooks.crashLostDeliveries.eventsUnderSeveralIds': outcome.underSeveralIds.length,
  };
}

export async function run(): Promise<Record<string, number | string>> {
  // The crash scenario first, in its own child processes, before this process sets the fan-out's environment.
  return { ...signatures(), ...(await crash()), ...(await fanout()) };
}
