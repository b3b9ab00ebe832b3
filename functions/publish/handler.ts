/**
 * The publish Lambda, on the table's DynamoDB stream (new and old images).
 * Event filtering sends only article LATEST items; the handler checks again so
 * a stray record is ignored rather than misread. Thin: records → changes →
 * `publishChanges` → `batchItemFailures`. The batch is coalesced (each feed
 * rendered once), so partial failures are computed by the use case rather
 * than by a per-record batch processor.
 *
 * The same function runs the page pass (pages-handler.ts) on the pages queue: an SQS event is told from a
 * stream event by its records' `eventSource`. One function, because the pass needs exactly what the feed
 * render has (the feed index, the feed states and leases, the pages prefix): a second one would repeat
 * every grant and its bundle for a few dozen lines of code.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SqsDeliveryQueue } from '#adapters/delivery-queue.ts';
import { SqsEventDeadLetters } from '#adapters/event-dead-letters.ts';
import { DynamoEventLog } from '#adapters/event-log.ts';
import { DynamoFeedEntries } from '#adapters/feed-entries.ts';
import { DynamoPayloadStore } from '#adapters/payload-store.ts';
import { S3ContentStore } from '#adapters/s3-store.ts';
import { DynamoSubscriberIndex } from '#adapters/subscriber-index.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { s3Objects } from '#commons/clients/s3-objects.ts';
import { sqsQueues } from '#commons/clients/sqs.ts';
import { bucketName, tableName } from '#commons/env.ts';
import { loggerFor, metricsFor } from '#commons/observability.ts';
import { mappingThrownStacks } from '#commons/original-stack.ts';
import { env as names } from '#infra/definitions.ts';
import { handOverEvents } from '../deliver/hand-over.ts';
import { DynamoFeedSource } from './dynamo-feed-source.ts';
import { DynamoFeedState } from './dynamo-feed-state.ts';
import { EntryFragmentCache } from './entry-cache.ts';
import { eventRecorder } from './event-channel.ts';
import { DynamoFeedLeases, type LeaseTiming } from './feed-leases.ts';
import { handlePagesEvent, isSqsEvent } from './pages-handler.ts';
import { SqsPagesQueue } from './pages-queue.ts';
import type { ArticleEventSink } from './ports.ts';
import { publishChanges, type PublishDependencies } from './publish-changes.ts';
import { S3FeedFiles } from './s3-feed-files.ts';
import { feedSettingsFromEnv } from './settings.ts';
import { articleChangeOf, isArticleRecord, type ArticleChangeRecord } from './stream-records.ts';
import { WebSubHub } from './websub-hub.ts';

const log = loggerFor('publish');
const metrics = metricsFor('publish');

/**
 * A lease lasts 20 s and its holder renews it every 5 s while rendering (feed-leases.ts), so a holder that
 * dies holds its feed back for 20 s at most; a contender waits 25 s, longer than that, before leaving its
 * records to the stream's retry, so a dead holder never costs a record one of its retries.
 */
export const feedLeaseTiming: LeaseTiming = { holdSeconds: 20, waitMs: 25_000 };

/** Metric names, for dashboards and alarms. */
export const publishMetrics = {
  filesWritten: 'FeedFilesWritten',
  filesUnchanged: 'FeedFilesUnchanged',
  hubNotified: 'WebSubNotifications',
  events: 'ArticleEventsHandedOver',
  recordsFailed: 'PublishRecordsFailed',
  pagesWritten: 'ListingPagesWritten',
  pageMessagesFailed: 'PageMessagesFailed',
} as const;

/**
 * Article events to webhook delivery: the webhooks' enqueue use case on the
 * subscription index and the deliveries queue. Publish only reads which
 * subscriptions want an event (the index items), never a profile or a signing
 * secret, so it holds no key that could open one and bundles no repository.
 */
function webhookEnqueue(env: Readonly<Record<string, string | undefined>>, publicBaseUrl: string): ArticleEventSink | undefined {
  const queueUrl = env[names.deliveriesQueueUrl];
  if (!queueUrl) {
    log.warn(`${names.deliveriesQueueUrl} is not set: article events are not handed to webhook delivery`);
    return undefined;
  }
  const subscriptions = new DynamoSubscriberIndex(documentClient(), tableName());
  const queue = new SqsDeliveryQueue(sqsQueues(), queueUrl);
  const dlqUrl = env[names.publishDlqUrl];
  if (!dlqUrl) log.warn(`${names.publishDlqUrl} is not set: an event that cannot be queued fails its stream record instead of being dead-lettered`);
  const deadLetters = dlqUrl ? new SqsEventDeadLetters(sqsQueues(), dlqUrl) : undefined;
  const payloads = new DynamoPayloadStore(documentClient(), tableName());
  return (events) => handOverEvents(events, { subscriptions, queue, payloads, publicBaseUrl, deadLetters, warn: (message, details) => log.warn(message, details) });
}

/**
 * Real adapters from the environment. `deliverEvents` replaces the webhook
 * enqueue (tests use it to watch the events handed over).
 */
export function composePublish(
  env: Readonly<Record<string, string | undefined>>,
  deliverEvents: ArticleEventSink | undefined = webhookEnqueue(env, feedSettingsFromEnv(env).publicBaseUrl),
): PublishDependencies {
  // Entries serialised once per article state, for every feed and batch of this container (entry-cache.ts).
  const settings = { ...feedSettingsFromEnv(env), entryCache: new EntryFragmentCache() };
  const content = new S3ContentStore(s3Objects(bucketName()));
  const readFullArticle = (bodyRef: string) => content.readArticle(bodyRef);
  const pagesQueueUrl = env[names.pagesQueueUrl];
  // Unset (tests, a stack without the queue): the page pass runs right after each batch's feeds.
  const pages = pagesQueueUrl ? new SqsPagesQueue(sqsQueues(), pagesQueueUrl) : undefined;
  return {
    settings,
    feedEntries: new DynamoFeedEntries(documentClient(), tableName()),
    source: new DynamoFeedSource(documentClient(), tableName(), readFullArticle),
    files: new S3FeedFiles(s3Objects(bucketName())),
    feedState: new DynamoFeedState(documentClient(), tableName()),
    leases: new DynamoFeedLeases(documentClient(), tableName(), feedLeaseTiming),
    ...(settings.hubUrl ? { hub: new WebSubHub(settings.hubUrl) } : {}),
    ...(deliverEvents ? { deliverEvents } : {}),
    ...(pages ? { pagesDue: (due) => pages.send(due) } : {}),
    recordEvents: eventRecorder(new DynamoEventLog(documentClient(), tableName()), settings.publicBaseUrl),
    readFullArticle,
    warn: (message, details) => log.warn(message, details),
  };
}

export async function handleStreamEvent(event: DynamoDBStreamEvent, deps: PublishDependencies): Promise<DynamoDBBatchResponse> {
  const unreadable: string[] = [];
  const changes: ArticleChangeRecord[] = [];
  for (const record of event.Records) {
    if (!isArticleRecord(record)) continue;
    try {
      changes.push(articleChangeOf(record));
    } catch (error) {
      // The error itself, not its message: its stack (mapped by the logger) says which field failed where.
      log.error('stream record not readable; reported for retry', { eventID: record.eventID, error: error as Error });
      if (record.dynamodb?.SequenceNumber) unreadable.push(record.dynamodb.SequenceNumber);
    }
  }
  const outcome = await publishChanges(changes, deps);
  const failed = [...unreadable, ...outcome.failed];
  metrics.addMetric(publishMetrics.filesWritten, MetricUnit.Count, outcome.filesWritten.length);
  metrics.addMetric(publishMetrics.filesUnchanged, MetricUnit.Count, outcome.filesUnchanged);
  metrics.addMetric(publishMetrics.hubNotified, MetricUnit.Count, outcome.hubNotified.length);
  metrics.addMetric(publishMetrics.events, MetricUnit.Count, outcome.events.length);
  metrics.addMetric(publishMetrics.recordsFailed, MetricUnit.Count, failed.length);
  log.info('feeds published', {
    records: event.Records.length,
    feeds: outcome.feedsRendered.length,
    written: outcome.filesWritten.length,
    unchanged: outcome.filesUnchanged,
    hubNotified: outcome.hubNotified.length,
    events: outcome.events.length,
    failed: failed.length,
  });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** The page pass on a batch of pages messages (pages-handler.ts). */
export async function handlePagesQueueEvent(event: SQSEvent, deps: PublishDependencies): Promise<SQSBatchResponse> {
  const outcome = await handlePagesEvent(event, deps);
  metrics.addMetric(publishMetrics.pagesWritten, MetricUnit.Count, outcome.written.length);
  metrics.addMetric(publishMetrics.pageMessagesFailed, MetricUnit.Count, outcome.response.batchItemFailures.length);
  log.info('listing pages rendered', {
    messages: event.Records.length,
    written: outcome.written.length,
    unchanged: outcome.unchanged,
    failedFeeds: outcome.failed.length,
    unreadable: outcome.unreadable,
    failed: outcome.response.batchItemFailures.length,
  });
  return outcome.response;
}

let dependencies: PublishDependencies | undefined;

export const handler = mappingThrownStacks(async (event: DynamoDBStreamEvent | SQSEvent, context?: Context): Promise<DynamoDBBatchResponse | SQSBatchResponse> => {
  if (context) log.addContext(context);
  try {
    dependencies ??= composePublish(process.env);
    if (isSqsEvent(event)) return await handlePagesQueueEvent(event, dependencies);
    return await handleStreamEvent(event as DynamoDBStreamEvent, dependencies);
  } finally {
    // Reads and health checks record nothing; publishing an empty set only logs a warning.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
});
