/**
 * The one definition of every resource name and shape, imported by the CDK
 * stacks and by the local runtime, so that DynamoDB Local and s3rver are built
 * exactly like the deployed table and bucket.
 *
 * Pure data: no aws-cdk-lib import, so Lambda code and the local runtime can
 * read it without pulling the CDK into their bundles.
 */

/** Stage prefix for resource names (`-c stage=prod` on AWS, `local` here). */
export const defaultStage = 'dev';

/**
 * Single-table design: every item is addressed by `pk` + `sk` and a feed is
 * one Query on its partition, so no secondary index is needed. Item shapes
 * (ARTICLE#, FEED#, FP#, SUB#, ...) are documented in functions/adapters.
 */
export const table = {
  logicalName: 'Syndication',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; delivery-log items expire through it. */
  ttlAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
  billing: 'PAY_PER_REQUEST',
  /**
   * Names of the table's global secondary indexes (none today): each gets its own throttle alarms,
   * since a table's throttle metrics leave its indexes out (test/infra/constructs/monitoring.test.ts
   * checks this list against the synthesised table).
   */
  globalSecondaryIndexes: [] as readonly string[],
} as const;

export const bucket = {
  logicalName: 'Content',
  prefixes: {
    raw: 'raw/',
    articles: 'articles/',
    feeds: 'feeds/',
    /** The public site's pages (`PAGES_PREFIX` in functions/core/site/paths.ts), served beside the feeds. */
    pages: 'pages/',
    inbox: 'inbox/',
    inboxDone: 'inbox-done/',
    inboxFailed: 'inbox-failed/',
  },
} as const;

/** Every queue keeps messages 14 days, the SQS maximum (see infra/constructs/deliveries.ts for why). */
export const queueRetentionDays = 14;

export const queues = {
  deliveries: {
    logicalName: 'Deliveries',
    /** Visibility is this many times the deliver timeout, as Lambda advises for SQS sources. */
    visibilityTimeoutFactor: 6,
  },
  deliveriesDlq: { logicalName: 'DeliveriesDlq' },
  /** The publish stream mapping's on-failure destination: batches it gave up on. */
  publishDlq: { logicalName: 'PublishDlq' },
  /** Feeds whose site page is due: one message per publish batch, read by the page pass (functions/publish/page-pass.ts). */
  pages: {
    logicalName: 'Pages',
    /** Visibility is this many times the publish timeout (the page pass runs in publish), as Lambda advises for SQS sources. */
    visibilityTimeoutFactor: 6,
    /** Receives before a message moves to the DLQ: a page pass that keeps failing (S3 down, leases held) for over an hour. */
    maxReceiveCount: 5,
  },
  pagesDlq: { logicalName: 'PagesDlq' },
} as const;

/**
 * The Lambdas: memory (MB) buys CPU for parsing, tagging and rendering; timeouts are what the
 * stack sets and what the local runtime enforces. The API-facing ones stop at 29 s because API Gateway
 * gives up at 30 s; the console only reads files it was deployed with, so it needs little of either.
 */
export const lambdas = {
  ingest: { memorySize: 1024, timeoutSeconds: 29 },
  subscriptions: { memorySize: 256, timeoutSeconds: 29 },
  publish: { memorySize: 1024, timeoutSeconds: 120 },
  deliver: { memorySize: 256, timeoutSeconds: 60 },
  console: { memorySize: 128, timeoutSeconds: 5 },
} as const;
export type LambdaName = keyof typeof lambdas;

/**
 * The publish function's DynamoDB stream mapping. `filter` is a Lambda event filter pattern: only the
 * current state of articles (`pk` beginning with `ARTICLE#`, `sk` = `LATEST`) reaches the function.
 */
export const publishStream = {
  batchSize: 100,
  /**
   * Default of the deploy setting `-c publishBatchingWindowSeconds=N` (0-300), used by the local
   * runtime's poller too: the mapping gathers a shard's records this long (or to `batchSize`) before
   * invoking, so a burst of articles renders each feed it touches once per window, not once per
   * article. It is also the most a lone article waits before publish starts: a few seconds.
   */
  maxBatchingWindowSeconds: 2,
  bisectBatchOnError: true,
  retryAttempts: 5,
  filter: { dynamodb: { Keys: { pk: { S: [{ prefix: 'ARTICLE#' }] }, sk: { S: ['LATEST'] } } } },
} as const;

/**
 * The page pass's SQS mapping on the pages queue (publish, dispatched by event shape: handler.ts). The
 * listing pages (home, tag, publisher) are read by people, not pollers: gathering a minute of publish
 * batches renders a page touched by many articles in that minute once, not once per batch. Feeds stay on
 * the stream's window of seconds; an article's own page is still written by its feed pass.
 */
export const pagesQueueSource = {
  /** Default of the deploy setting `-c pagesBatchingWindowSeconds=N` (0-300); the local runtime's too (`npm start`). */
  maxBatchingWindowSeconds: 60,
  /**
   * A minute of publish batches is some 30 messages at the scenario's rate (one every 2 s); 1,000 leaves
   * room for a burst, within the 6 MB an invocation may carry (a message names a batch's feeds: a few KB).
   */
  batchSize: 1000,
  /** Two passes at most (the mapping's least): pages of one feed are rendered under its lease anyway. */
  maxConcurrency: 2,
} as const;

/**
 * How many deliver invocations may run at once, worked out rather than guessed. One invocation takes a
 * batch of ten and sends them in parallel, so it lasts as long as its slowest message:
 * - healthy load: a fan-out of 1,000 subscribers should be out within 10 s, 100 deliveries a second; a
 *   batch of healthy endpoints takes about 0.5 s (a p95 answer, then one conditional write per message and one batch write of the attempt log), so
 *   100 × 0.5 / 10 = 5 invocations are busy;
 * - isolation reserve: an endpoint that hangs holds at most `endpointInFlight` messages per container
 *   for the response deadline until its circuit opens (five failures); each such message can pin a
 *   whole batch, so every hanging endpoint we tolerate without slowing the rest costs that many
 *   invocations: 4 endpoints × 3 = 12.
 * 5 + 12 = 17. Below 1,000 (the mapping's ceiling) and small against the account's Lambda concurrency.
 */
export const deliverSizing = {
  burstDeliveriesPerSecond: 100,
  healthyBatchSeconds: 0.5,
  batchSize: 10,
  /** Deliveries one endpoint may have in flight in one container (the deliver handler enforces it). */
  endpointInFlight: 3,
  hangingEndpointsTolerated: 4,
} as const;

const healthyInvocations = Math.ceil((deliverSizing.burstDeliveriesPerSecond * deliverSizing.healthyBatchSeconds) / deliverSizing.batchSize);

/** The deliver function's SQS mapping, sized by `deliverSizing`. */
export const deliverQueueSource = {
  batchSize: deliverSizing.batchSize,
  maxConcurrency: healthyInvocations + deliverSizing.hangingEndpointsTolerated * deliverSizing.endpointInFlight,
} as const;

/** Environment variable names shared by the stack, the handlers and the local runtime. */
export const env = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  deliveriesQueueUrl: 'DELIVERIES_QUEUE_URL',
  deliveriesDlqUrl: 'DELIVERIES_DLQ_URL',
  /** Where publish parks article events it could not hand to webhook delivery. */
  publishDlqUrl: 'PUBLISH_DLQ_URL',
  /** Where publish tells the page pass which feeds' pages are due; without it publish renders them in the same pass. */
  pagesQueueUrl: 'PAGES_QUEUE_URL',
  /** The alarm topic: deliver publishes operator notices (endpoint disabled, circuit opened) to it directly. */
  alarmTopicArn: 'ALARM_TOPIC_ARN',
  /** Optional: where operator notices (endpoint disabled, circuit opened) are POSTed as JSON. */
  operatorWebhookUrl: 'OPERATOR_WEBHOOK_URL',
  /** 32 random bytes, base64: seals webhook secrets at rest (AES-256-GCM). */
  webhookSecretsKey: 'WEBHOOK_SECRETS_KEY',
  webhookSecretsKeyArn: 'WEBHOOK_SECRETS_KEY_SECRET_ARN',
  adminKeySecretArn: 'ADMIN_KEY_SECRET_ARN',
  adminKey: 'SYNDICATE_ADMIN_KEY',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  feedsBaseUrl: 'FEEDS_BASE_URL',
  websubHubUrl: 'WEBSUB_HUB_URL',
  /** Feed pictures (square 512 px icon, 64 px favicon, 2:1 logo); defaults are stored by publish (functions/core/feeds/brand.ts). */
  feedIconUrl: 'FEED_ICON_URL',
  feedFaviconUrl: 'FEED_FAVICON_URL',
  feedLogoUrl: 'FEED_LOGO_URL',
  /** Authority of feed ids published before the id scheme changed (functions/core/feeds/ids.ts); pin it before moving the feeds' host. */
  feedLegacyIdAuthority: 'FEED_LEGACY_ID_AUTHORITY',
  retrySchedule: 'WEBHOOK_RETRY_SCHEDULE',
  allowLoopbackWebhooks: 'ALLOW_LOOPBACK_WEBHOOKS',
  feedItemLimit: 'FEED_ITEM_LIMIT',
  embargoTargetArn: 'EMBARGO_TARGET_ARN',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerGroupName: 'SCHEDULER_GROUP_NAME',
  /** Where Scheduler puts a release it could not deliver to ingest after its retries. */
  embargoDlqArn: 'EMBARGO_DLQ_ARN',
  /** Where the console function finds the built web app; on AWS the files sit beside its bundle. */
  consoleAssetsDir: 'CONSOLE_ASSETS_DIR',
} as const;

export function resourceName(stage: string, logicalName: string): string {
  return `${stage}-syndicate-${logicalName}`;
}
