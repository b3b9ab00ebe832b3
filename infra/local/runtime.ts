/**
 * The whole pipeline on this machine, started and stopped as one thing:
 * 1. DynamoDB Local and s3rver (services.ts), data under the runtime's folder;
 * 2. the SQS emulator with the stack's queues, restored from its snapshot, on loopback;
 * 3. the handlers' environment, then the handler modules themselves;
 * 4. the event sources: table stream → publish, pages queue → publish's page pass,
 *    deliveries queue → deliver, inbox/ objects → ingest, due embargoes → ingest;
 * 5. the HTTP API and feed server.
 * stop() takes them down in reverse order and compacts the queue journal.
 */
import { loadOrCreateSecretsKey } from './secrets-key.ts';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { parseRetrySchedule } from '#core/webhooks/retry-policy.ts';
import { deliverQueueSource, env as names, pagesQueueSource, publishStream } from '#infra/definitions.ts';
import { buildConsole } from '#infra/console-bundle.ts';
export type { RuntimeInfo } from './runtime-info.ts';
import type { APIGatewayProxyEventV2, DynamoDBBatchResponse, DynamoDBStreamEvent, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startApiServer, type ApiServer } from './api/server.ts';
import { runtimeInfoPath, serverSettings, type RuntimeInfo } from './runtime-info.ts';
import { EmbargoTimer, type EmbargoReleaseEvent } from './embargo.ts';
import { handlerEnvironment, retryScheduleFrom } from './env.ts';
import { functionNames, functionTimeouts, loadHandler, type LocalFunctionName } from './functions.ts';
import { InboxWatcher } from './inbox.ts';
import { backfillPublishersOnce } from './backfill-publishers.ts';
import { invokeLambda, type LambdaHandler } from './lambda/context.ts';
import { localQueueDefinitions, localQueueNames } from './queues.ts';
import { documentsFor, dynamoDbClientFor, localCredentials, s3ClientFor, startLocalServices, type LocalServices } from './services.ts';
import { localRegion, LocalSqs } from './sqs/broker.ts';
import { QueueJournal } from './sqs/journal.ts';
import { SqsEventSource } from './sqs/event-source.ts';
import { serveSqs, type SqsEndpoint } from './sqs/http.ts';
import { Checkpoints } from './stream/checkpoints.ts';
import { articleLatestPattern } from './stream/filter.ts';
import { StreamPoller } from './stream/poller.ts';
import { publishGiveUp } from './publish-give-up.ts';
import { operatorNotices } from '../../functions/deliver/notices.ts';

export const localStage = 'local';

export interface RuntimeOptions {
  dataDir: string;
  port: number;
  reset?: boolean;
  log?: (line: string) => void;
  /** Logs every HTTP request (off by default: the handlers log their own). */
  accessLog?: boolean;
  /**
   * The publish stream's batching window (npm start passes the deployed `publishStream.maxBatchingWindowSeconds`).
   * 0 when unset: the caller forms batches itself (the cost measure's stream gate, bench/cost/stream-gate.ts,
   * expects publish to be invoked right after the read it lets through).
   */
  publishBatchingWindowSeconds?: number;
  /** s3rver in a child process, so this process's CPU time is the handlers' (the cost run; services.ts). */
  s3InChildProcess?: boolean;
  /**
   * The pages queue's batching window: how long the page pass gathers publish's messages before rendering
   * (npm start passes the deployed `pagesQueueSource.maxBatchingWindowSeconds`; tests a second or so).
   * 0 when unset: each receive is rendered at once. `false`: no page pass polls the queue (the cost
   * measure runs it itself, `Runtime.pagePass`, to count it apart from the feed pass).
   */
  pagesBatchingWindowSeconds?: number | false;
}

export interface Runtime {
  info: RuntimeInfo;
  sqs: LocalSqs;
  /** Runs the page pass once on what the pages queue holds (up to its batch size); how many messages it took. */
  pagePass(): Promise<number>;
  services: LocalServices;
  /** True when the data folder was empty at start (or --reset). */
  fresh: boolean;
  stop(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.error(line));
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  const fresh = !existsSync(join(options.dataDir, 'services'));
  mkdirSync(options.dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`stop: ${describe(error)}`));
    stops.length = 0;
  };

  try {
    const services = await startLocalServices({ dataDir: join(options.dataDir, 'services'), stage: localStage, s3InChildProcess: options.s3InChildProcess });
    stops.push(() => services.stop());
    await backfillPublishersOnce({ dataDir: options.dataDir, fresh, dynamoDbEndpoint: services.dynamoDbEndpoint, tableName: services.tableName, log })
      .catch((error: unknown) => log(`publisher directory not backfilled (the next start tries again): ${describe(error)}`));

    const schedule = parseRetrySchedule(retryScheduleFrom(process.env));
    const sqs = new LocalSqs();
    sqs.define(localQueueDefinitions(localStage, schedule));
    // Durable before acknowledged: every send and delete is journaled as it happens (sqs/journal.ts), and the
    // journal is folded into the snapshot when it grows and at stop, so a kill -9 loses no queued delivery.
    const journal = new QueueJournal(sqs, join(options.dataDir, 'queues.json'), join(options.dataDir, 'queues.journal'));
    journal.open();
    const sqsEndpoint: SqsEndpoint = await serveSqs(sqs);
    const compactor = setInterval(() => journal.compactIfLarge(), 2000).unref();
    stops.push(async () => {
      clearInterval(compactor);
      await sqsEndpoint.close();
      journal.close();
    });
    const queueNames = localQueueNames(localStage);

    let api: ApiServer | undefined;
    const parts: Record<string, boolean> = { services: true, queues: true, functions: false, streamPoller: false, pagesPoller: false, deliveriesPoller: false, inbox: false, embargoTimer: false };

    // The API server listens first so the port is known (PUBLIC_BASE_URL) and /health can say "starting".
    api = await startApiServer({
      port: options.port,
      functions: (name) => loadHandler<APIGatewayProxyEventV2>(name),
      s3: s3ClientFor(services.s3Endpoint),
      bucket: services.bucketName,
      readiness: () => ({ ...parts }),
      hubUrl: process.env[names.websubHubUrl] || undefined,
      log: (line) => (options.accessLog || !/ \d{3} \d+ms$/.test(line)) && log(line),
    });
    stops.push(() => api!.close());

    const info: RuntimeInfo = {
      pid: process.pid,
      apiUrl: api.url,
      sqsEndpoint: sqsEndpoint.url,
      dynamoDbEndpoint: services.dynamoDbEndpoint,
      s3Endpoint: services.s3Endpoint,
      tableName: services.tableName,
      bucketName: services.bucketName,
      deliveriesQueueUrl: sqs.urlOf(queueNames.deliveries),
      deliveriesDlqUrl: sqs.urlOf(queueNames.deliveriesDlq),
      publishDlqUrl: sqs.urlOf(queueNames.publishDlq),
      pagesQueueUrl: sqs.urlOf(queueNames.pages),
    };
    Object.assign(
      process.env,
      handlerEnvironment({ ...info, sqsEndpoint: sqsEndpoint.url, webhookSecretsKey: loadOrCreateSecretsKey(options.dataDir) }),
    );

    // The console's files, built from console/ by esbuild into the data folder (a few hundred ms).
    const consoleDir = join(options.dataDir, 'console');
    await buildConsole(consoleDir).catch((error: unknown) => log(`console not built (its pages will answer 503): ${describe(error)}`));
    process.env[names.consoleAssetsDir] = consoleDir;

    const failures: string[] = [];
    for (const name of functionNames) await loadHandler(name).catch((error: unknown) => failures.push(describe(error)));
    if (failures.length > 0) log(`functions not available yet (their routes and triggers will fail):\n  ${failures.join('\n  ')}`);
    parts.functions = failures.length === 0;

    const invoke = <E, R>(name: LocalFunctionName) => async (event: E) =>
      invokeLambda<E, R>(name, (await loadHandler<E>(name)) as LambdaHandler<E, R>, event, functionTimeouts[name]);

    const publishDlq = sqs.byName(queueNames.publishDlq);
    const streamClient = new DynamoDBStreamsClient({ endpoint: services.dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
    const dynamoDb = dynamoDbClientFor(services.dynamoDbEndpoint);
    // Feed leases a killed run left lapse within a hold (20 s), which a contender waits out (functions/publish/feed-leases.ts): nothing to clear here.
    const poller = new StreamPoller({
      dynamoDb,
      streams: streamClient,
      tableName: services.tableName,
      filter: articleLatestPattern,
      batchSize: publishStream.batchSize,
      batchingWindowMs: (options.publishBatchingWindowSeconds ?? 0) * 1000,
      retryAttempts: publishStream.retryAttempts,
      bisectOnError: publishStream.bisectBatchOnError,
      checkpoints: new Checkpoints(join(options.dataDir, 'stream-checkpoints.json')),
      invoke: invoke<DynamoDBStreamEvent, DynamoDBBatchResponse | void>('publish'),
      // To the publish DLQ, and an operator notice to this console (and OPERATOR_WEBHOOK_URL when set).
      onDiscard: publishGiveUp({
        dlq: publishDlq,
        notify: operatorNotices({
          warn: (message, fields) => log(`publish: ${message} ${JSON.stringify(fields)}`),
          webhookUrl: process.env[names.operatorWebhookUrl] || undefined,
        }),
      }),
      onError: (error) => log(`stream poller: ${describe(error)}`),
    });
    await poller.start();
    stops.push(async () => {
      await poller.stop();
      streamClient.destroy();
      dynamoDb.destroy();
    });
    parts.streamPoller = true;

    // The page pass: publish again, on the pages queue, a window of its messages at a time (functions/publish/page-pass.ts).
    const pagesWindowMs = options.pagesBatchingWindowSeconds === false ? 0 : (options.pagesBatchingWindowSeconds ?? 0) * 1000;
    const pages = new SqsEventSource(sqs.byName(queueNames.pages), invoke<SQSEvent, SQSBatchResponse | void>('publish'), {
      batchSize: pagesWindowMs > 0 ? pagesQueueSource.batchSize : 10,
      batchingWindowMs: pagesWindowMs,
      concurrency: pagesQueueSource.maxConcurrency,
      onError: (error) => log(`page pass: ${describe(error)} (the messages return after their visibility timeout)`),
    });
    if (options.pagesBatchingWindowSeconds !== false) {
      pages.start();
      stops.push(() => pages.stop());
    }
    parts.pagesPoller = true;

    const deliveries = new SqsEventSource(sqs.byName(queueNames.deliveries), invoke<SQSEvent, SQSBatchResponse | void>('deliver'), {
      batchSize: deliverQueueSource.batchSize,
      // Below the stack's maxConcurrency: here every batch runs in this one Node process.
      concurrency: 5,
      onError: (error) => log(`deliver: ${describe(error)} (the batch returns after its visibility timeout)`),
    });
    deliveries.start();
    stops.push(() => deliveries.stop());
    parts.deliveriesPoller = true;

    const inbox = new InboxWatcher({
      s3: s3ClientFor(services.s3Endpoint),
      bucket: services.bucketName,
      objectEvents: services.objectEvents,
      invoke: invoke<S3Event, unknown>('ingest'),
      log,
    });
    await inbox.start();
    stops.push(() => inbox.stop());
    parts.inbox = true;

    const embargo = new EmbargoTimer({
      documents: documentsFor(services.dynamoDbEndpoint),
      tableName: services.tableName,
      invoke: invoke<EmbargoReleaseEvent, unknown>('ingest'),
      log,
    });
    embargo.start();
    stops.push(() => embargo.stop());
    parts.embargoTimer = true;

    const infoFile = runtimeInfoPath(options.dataDir);
    const settings = Object.fromEntries(serverSettings.map((name) => [name, process.env[name] ?? '']));
    writeFileSync(infoFile, `${JSON.stringify({ ...info, settings }, null, 2)}\n`);
    stops.push(async () => rmSync(infoFile, { force: true }));

    return { info, sqs, services, fresh, pagePass: () => pages.pollOnce(), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
