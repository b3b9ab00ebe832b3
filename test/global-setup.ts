/**
 * Starts DynamoDB Local and s3rver once for the whole test run and hands their
 * endpoints to every test file through vitest's `provide`/`inject` (see
 * `test/support/services.ts`). Stopped, Java process included, at the end.
 */
import type { TestProject } from 'vitest/node';
import { startLocalServices, type LocalServices } from '../infra/local/services.ts';

export interface ProvidedServices {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: ProvidedServices;
  }
}

let services: LocalServices | undefined;

export async function setup(project: TestProject): Promise<void> {
  // This runs in vitest's main process, outside test.env: the SDK's Node 22 notice would print once per run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  services = await startLocalServices();
  const { dynamoDbEndpoint, s3Endpoint, tableName, bucketName } = services;
  project.provide('services', { dynamoDbEndpoint, s3Endpoint, tableName, bucketName });
}

export async function teardown(): Promise<void> {
  await services?.stop();
}
