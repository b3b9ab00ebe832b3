/**
 * `npm run bench -- ingest`: articles per second through the ingest handler
 * (API Gateway v2 event in, parse → normalise → tag → fingerprint → S3 objects
 * → one DynamoDB transaction → response out) against DynamoDB Local and
 * s3rver started for the run, sequentially and with 8 requests in flight.
 * Beside it, the same services' own cost: one PutItem round trip, so the
 * share of the time spent in our code is visible (`ingest.putItemsPerArticle`).
 * Every article is distinct (a numbered paragraph is added), so each one is a
 * real creation, not a duplicate answered from the fingerprint lock.
 *
 * Also the handler's bundle size (esbuild with the stack's own bundling options:
 * infra/constructs/bundling.ts) beside the size of a bundle holding only the SDK clients the
 * handler uses, so what our code and its libraries add is visible.
 */
import { articleMix } from '../cost/articles.ts';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutCommand } from '../../functions/commons/clients/dynamo-commands.ts';
import { build } from 'esbuild';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bundleAliases } from '../../infra/constructs/bundling.ts';
import { documentsFor, localServicesEnv, startLocalServices } from '../../infra/local/services.ts';

export const name = 'ingest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sampleText = (): string => {
  const own = join(root, 'events', 'articles', 'opslens-tabqa-dam.txt');
  return readFileSync(existsSync(own) ? own : join(root, '..', 'shared', 'seed', 'opslens-raqqa.txt'), 'utf8');
};

const adminKey = 'bench-admin-key';
const postEvent = (body: string, n: number): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /articles',
    rawPath: '/articles',
    rawQueryString: '',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/plain; charset=utf-8' },
    requestContext: { http: { method: 'POST', path: '/articles' }, requestId: `bench-${n}`, routeKey: 'POST /articles' },
    isBase64Encoded: false,
    body,
  }) as unknown as APIGatewayProxyEventV2;

async function perSecond(count: number, inFlight: number, one: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Minified ESM bundle size in KB, with the options Lambda bundles use (cold start reads every byte). */
async function bundleKB(entry: { path: string } | { contents: string }): Promise<number> {
  const result = await build({
    ...('path' in entry ? { entryPoints: [entry.path] } : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    alias: { ...bundleAliases },
    absWorkingDir: root,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents.byteLength / 1024;
}

/**
 * The SDK parts ingest uses, and nothing of ours: the floor its bundle cannot go below while the SDK is
 * bundled. Every AWS call is a signed request of ours (functions/commons/clients/signed-requests.ts), so
 * what is left of the SDK is util-dynamodb, which marshals DynamoDB's items.
 */
const ingestSdkOnly = `
  import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
  export const handler = async () => unmarshall(marshall({ a: 1 }));`;

async function bundleFigures(): Promise<Record<string, number>> {
  const handlerKB = await bundleKB({ path: join(root, 'functions', 'ingest', 'handler.ts') });
  const sdkFloorKB = await bundleKB({ contents: ingestSdkOnly });
  return {
    'ingest.bundleKB': handlerKB,
    'ingest.baseline.sdkOnlyBundleKB': sdkFloorKB,
    'ingest.bundleOverSdkOnly': handlerKB / sdkFloorKB,
  };
}

export async function run(): Promise<Record<string, number | string>> {
  const bundles = await bundleFigures();
  const services = await startLocalServices({ stage: 'bench' });
  try {
    Object.assign(process.env, localServicesEnv(services), {
      SYNDICATE_ADMIN_KEY: adminKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = await import('../../functions/ingest/handler.ts');
    const text = sampleText().trimEnd();
    let serial = 0;
    const post = (story: string) => {
      const n = serial++;
      return handler(postEvent(`${story}\n\nBenchmark paragraph number ${n} for a distinct fingerprint.\n`, n)).then((result) => ({ n, result }));
    };
    const ingestOne = async (story = text) => {
      const { n, result } = await post(story);
      if (result.statusCode !== 201) throw new Error(`bench post ${n} answered ${result.statusCode}: ${result.body}`);
    };
    // In flight together: eight different stories (the reference article and the dev set), as eight desks
    // file at once. Copies of one story are filed one at a time (each must see the others to be linked as
    // a near-duplicate), so concurrent copies of one story measure that queue instead: counted apart below.
    const stories = articleMix().map((m) => m.text);

    // Ingest's own client (functions/commons/clients/dynamo-documents.ts), so the baseline is the round trip ingest makes.
    const dynamo = documentsFor(services.dynamoDbEndpoint);
    const putOne = async (n: number) => {
      await dynamo.send(new PutCommand({ TableName: services.tableName, Item: { pk: `BENCH#${n}`, sk: 'PUT', n } }));
    };

    // Warm up: the container's first call compiles the tagger and opens connections.
    for (let i = 0; i < 10; i++) await ingestOne();
    for (let i = 0; i < 20; i++) await putOne(-1 - i);

    const putItemsPerSec = await perSecond(300, 1, putOne);
    const sequential = await perSecond(150, 1, () => ingestOne());
    let filed = 0;
    const eightStarted = performance.now();
    await Promise.all(stories.slice(0, 8).map(async (story) => {
      while (filed < 300) {
        filed += 1;
        await ingestOne(story);
      }
    }));
    const eightInFlight = filed / ((performance.now() - eightStarted) / 1000);
    // The same story eight at a time: how many of 40 copies the API still refuses (409 after its retries).
    const copies = await Promise.all(Array.from({ length: 8 }, async () => {
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await post(text)).result.statusCode ?? 0);
      return answers;
    }));
    const copiesRefused = copies.flat().filter((status) => status === 409).length;

    return {
      ...bundles,
      'ingest.articlesPerSec': sequential,
      'ingest.articlesPerSec.8inFlight': eightInFlight,
      'ingest.sameStory8InFlight.refusedOf40': copiesRefused,
      'ingest.baseline.putItemMs': 1000 / putItemsPerSec,
      'ingest.baseline.putItemsPerSec': putItemsPerSec,
      /** How many plain PutItem round trips one article costs: the overhead of our code plus S3 and the transaction. */
      'ingest.putItemsPerArticle': putItemsPerSec / sequential,
    };
  } finally {
    await services.stop();
  }
}
