/**
 * The ingest function's dependencies, built once per container from the
 * environment (clients from #commons/clients/*, names from infra/definitions.ts).
 */
import { DynamoArticleListings } from '#adapters/article-listings.ts';
import { DynamoEventLog } from '#adapters/event-log.ts';
import { DynamoArticleRepository } from '#adapters/article-repository.ts';
import { adminKeyFromEnvironment } from '#adapters/admin-key.ts';
import { Authenticator } from '#adapters/auth.ts';
import { embargoSchedulerFromEnvironment } from '#adapters/embargo-scheduler.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { S3ContentStore } from '#adapters/s3-store.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { s3Objects } from '#commons/clients/s3-objects.ts';
import { schedules } from '#commons/clients/schedules.ts';
import { readSecretString } from '#commons/clients/secret-values.ts';
import { bucketName, tableName } from '#commons/env.ts';
import { loggerFor, metricsFor } from '#commons/observability.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { ApiDependencies } from './api.ts';
import { articleCore } from './article-core.ts';
import { shippedTagger } from './shipped-tagger.ts';
import type { Clock, IngestMetrics, Log } from './ports.ts';

export const serviceName = 'ingest';
export const logger = loggerFor(serviceName);
export const metrics = metricsFor(serviceName);

export const systemClock: Clock = { now: () => new Date() };

const log: Log = {
  info: (message, extra = {}) => logger.info(message, extra as LogAttributes),
  warn: (message, extra = {}) => logger.warn(message, extra as LogAttributes),
  error: (message, extra = {}) => logger.error(message, extra as LogAttributes),
};

const ingestMetrics: IngestMetrics = {
  ingested: (kind) => metrics.addMetric(kind === 'created' ? 'ArticlesIngested' : 'ArticlesCorrected', MetricUnit.Count, 1),
  duplicate: () => metrics.addMetric('DuplicateArticles', MetricUnit.Count, 1),
  refused: (reason) => {
    const single = metrics.singleMetric();
    single.addDimension('reason', reason);
    single.addMetric('ArticlesRefused', MetricUnit.Count, 1);
  },
};


/**
 * Everything the handler needs; `clock` is replaceable so tests can move time (embargoes). The scheduler
 * and the secret reader are each built at first use: most containers never schedule an embargo, and only
 * a container's first admin request on AWS reads the admin key's secret. Both are signed requests
 * (signed-requests.ts), not SDK clients, so neither weighs in the bundle.
 */
export function ingestDependencies(clock: Clock = systemClock): ApiDependencies {
  const documents = documentClient();
  const publishers = new DynamoPublisherRepository(documents, tableName());
  return {
    core: articleCore(shippedTagger(), clock),
    articles: new DynamoArticleRepository(documents, tableName()),
    listings: new DynamoArticleListings(documents, tableName()),
    events: new DynamoEventLog(documents, tableName()),
    content: new S3ContentStore(s3Objects(bucketName())),
    publishers,
    embargoes: embargoSchedulerFromEnvironment(schedules),
    auth: new Authenticator(publishers, adminKeyFromEnvironment(readSecretString)),
    clock,
    log,
    metrics: ingestMetrics,
  };
}
