/**
 * Points this worker's environment at a test's own table, bucket and queues, as the local runtime
 * sets it for the handlers it invokes (infra/local/env.ts), with the given admin key and quiet logs.
 */
import { randomBytes } from 'node:crypto';
import { handlerEnvironment } from '../../infra/local/env.ts';
import type { LocalQueues } from '../deliver/local-queues.ts';
import type { TestServices } from './services.ts';

export function useHandlerEnvironment(services: TestServices, queues: LocalQueues, adminKey: string): void {
  Object.assign(
    process.env,
    handlerEnvironment(
      {
        dynamoDbEndpoint: services.dynamoDbEndpoint,
        s3Endpoint: services.s3Endpoint,
        sqsEndpoint: queues.endpoint,
        tableName: services.tableName,
        bucketName: services.bucketName,
        deliveriesQueueUrl: queues.queueUrl,
        deliveriesDlqUrl: queues.dlqUrl,
        apiUrl: 'http://127.0.0.1:3000',
        webhookSecretsKey: randomBytes(32).toString('hex'),
      },
      { SYNDICATE_ADMIN_KEY: adminKey, POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
    ),
  );
}
