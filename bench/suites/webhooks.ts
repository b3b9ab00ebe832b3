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
 *   shared DynamoDB client sends during the fan-out, counted by a middleware
 *   on it, divided by the deliveries. Writes and reads count items (a
 *   BatchWriteItem of 10 attempt entries is 10 writes, a BatchGetItem of 10
 *   subscriptions 10 reads); calls count round trips. The event's one payload
 *   write and its index Query are included.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArticleEvent } from '#core/article/events.ts';
import { secretFromBytes, signRequest } from '#core/webhooks/signer.ts';
import { newSubscription } from '#core/webhooks/subscription.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { tableName } from '#commons/env.ts';
import { env } from '#infra/definitions.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
const benchEvent = (): ArticleEvent => {
  const at = new Date().toISOString();
  return {
    type: 'article.published',
    occurredAt: at,
    article: {
      id: 'art_bench_fanout', version: 1, status: 'published', fingerprint: 'b'.repeat(64),
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

async function fanout(): Promise<Record<string, number>> {
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
    const { handler } = await import('../../functions/deliver/handler.ts');
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
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        if (calls.counting) {
          calls.calls++;
          const input = args.input as { RequestItems?: Record<string, unknown[] | { Keys: unknown[] }>; TransactItems?: unknown[] };
          const items = input.TransactItems?.length
            ?? (input.RequestItems ? Object.values(input.RequestItems).reduce((n, r) => n + (Array.isArray(r) ? r.length : r.Keys.length), 0) : 1);
          if (WRITE_COMMANDS.has(String(context.commandName))) calls.writes += items;
          else calls.reads += items;
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchCountTableCalls' },
    );
    calls.counting = true;
    const source = new SqsEventSource(sqs.byName(names.deliveries), handler, { batchSize: BATCH, concurrency: POLLERS, waitMs: 20 });
    const started = performance.now();
    source.start();
    const { messages: enqueued } = await enqueueDeliveries([event], { subscriptions: adapters.subscriptions, payloads: adapters.payloads, queue: adapters.queue, publicBaseUrl: 'https://bench.example' });
    await until(() => receivers.count() >= SUBSCRIPTIONS, `${SUBSCRIPTIONS} deliveries`);
    const seconds = (performance.now() - started) / 1000;
    await source.stop();
    calls.counting = false;
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
    return {
      'webhooks.fanoutSeconds': seconds,
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

export async function run(): Promise<Record<string, number | string>> {
  return { ...signatures(), ...(await fanout()) };
}
