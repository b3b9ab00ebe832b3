/**
 * The environment the handlers get locally: what the stack sets on AWS
 * (table, bucket, queue URL, base URLs, retry schedule), the SDK's own
 * endpoint variables pointing at the local services, dummy credentials, and
 * the two development-only switches (a known admin key, loopback webhooks).
 */
import { env as names, pagesQueueSource } from '#infra/definitions.ts';
import { localServicesEnv } from './services.ts';

/** Printed at start; only ever valid against this machine's runtime. */
export const devAdminKey = 'syndicate-local-dev-admin-key';

/**
 * Webhook retries on this machine: seconds apart rather than days, so a
 * failing receiver shows the whole schedule (and the DLQ) within minutes.
 */
export const localRetrySchedule = '2,5,15,30,60';

export interface LocalEndpoints {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  sqsEndpoint: string;
  tableName: string;
  bucketName: string;
  deliveriesQueueUrl: string;
  deliveriesDlqUrl: string;
  /** The publish DLQ (absent in runtime.json files written before it existed). */
  publishDlqUrl?: string | undefined;
  /** The pages queue (absent in runtime.json files written before it existed: publish then renders pages with the feeds). */
  pagesQueueUrl?: string | undefined;
  apiUrl: string;
  /** Seals webhook secrets at rest; kept in the data folder so subscriptions survive restarts. */
  webhookSecretsKey: string;
}

/** `npm start`'s page pass window: SYNDICATE_PAGES_WINDOW_SECONDS (0-300), else the deployed one. */
export function pagesWindowFrom(env: NodeJS.ProcessEnv): number {
  const value = env.SYNDICATE_PAGES_WINDOW_SECONDS;
  const seconds = value === undefined || value === '' ? pagesQueueSource.maxBatchingWindowSeconds : Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 300) throw new Error(`SYNDICATE_PAGES_WINDOW_SECONDS must be a whole number of seconds from 0 to 300, got "${value}"`);
  return seconds;
}

export const adminKeyFrom = (env: NodeJS.ProcessEnv): string => env[names.adminKey] || devAdminKey;
export const retryScheduleFrom = (env: NodeJS.ProcessEnv): string => env[names.retrySchedule] || localRetrySchedule;

/** Variables to set before any handler module is imported. The user's own settings win where it makes sense. */
export function handlerEnvironment(endpoints: LocalEndpoints, current: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    ...localServicesEnv(endpoints),
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
    [names.deliveriesQueueUrl]: endpoints.deliveriesQueueUrl,
    [names.deliveriesDlqUrl]: endpoints.deliveriesDlqUrl,
    ...(endpoints.publishDlqUrl ? { [names.publishDlqUrl]: endpoints.publishDlqUrl } : {}),
    ...(endpoints.pagesQueueUrl ? { [names.pagesQueueUrl]: endpoints.pagesQueueUrl } : {}),
    [names.webhookSecretsKey]: current[names.webhookSecretsKey] || endpoints.webhookSecretsKey,
    [names.publicBaseUrl]: endpoints.apiUrl,
    [names.feedsBaseUrl]: endpoints.apiUrl,
    [names.adminKey]: adminKeyFrom(current),
    [names.retrySchedule]: retryScheduleFrom(current),
    [names.allowLoopbackWebhooks]: current[names.allowLoopbackWebhooks] || 'true',
    // EMF metric documents would drown the console; logs stay, at WARN unless asked for more.
    POWERTOOLS_METRICS_DISABLED: current.POWERTOOLS_METRICS_DISABLED || 'true',
    POWERTOOLS_LOG_LEVEL: current.POWERTOOLS_LOG_LEVEL || current.LOG_LEVEL || 'WARN',
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    // The pinned SDK supports this machine's Node 20 (Lambda runs Node 24); its notice about future SDK
    // releases needing Node 22 would otherwise greet every `npm start`.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: current.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED || 'true',
  };
}
