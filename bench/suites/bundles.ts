/**
 * Bundle budget: what `cdk synth` builds for each Lambda, and what importing it costs a cold start.
 *
 * 1. Synthesise the real app (NodejsFunction + esbuild, the options in `infra/constructs/syndicate-function.ts`)
 *    into a temporary cloud assembly and map each bundle to its function through the template.
 * 2. `bundles.maxKB`: the largest `index.mjs` (source maps excluded: Lambda loads them only on an error).
 * 3. `bundles.coldImportMs`: for each bundle, the median over fresh Node processes of the time to
 *    `import()` it; the slowest bundle's median is reported beside `bundles.emptyImportMs`, an empty
 *    module imported the same way in the same run, so process start-up is not counted and the machine's
 *    speed shows in the baseline; `bundles.<name>ImportPerEmpty` divides a bundle's median by the median of
 *    the empty-module imports interleaved with it, the figure to compare across runs. Each bundle runs with its function's NODE_OPTIONS from the template
 *    (none since every function's source map is read only on an error: infra/constructs/bundling.ts).
 *    `bundles.ingestFirstRequestMs`: the same for ingest's import plus its first request (GET /health
 *    through the handler, which builds every dependency a POST /articles uses, tagger included, and calls
 *    nothing), so work a handler leaves to its first request is counted too. `bundles.<name>BesideKB`:
 *    files shipped beside `index.mjs` that the function reads (ingest's compiled taxonomy), not code.
 * 4. `bundles.tracerKB` / `bundles.tracerImportMs`: what Powertools Tracer (X-Ray) would add to a function,
 *    measured as a module that only creates a Tracer, bundled with the same esbuild options and imported
 *    the same way (its own figure, minus the empty-module baseline).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { bundleBudget, bundleSnippet } from '#infra/constructs/bundling.ts';
import { entryOf, projectRoot, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { env } from '#infra/definitions.ts';
import { buildSyndicate } from '#infra/stacks/syndicate-app.ts';

const names: LambdaName[] = ['ingest', 'subscriptions', 'publish', 'deliver', 'console'];
/** Fresh-process imports per bundle. Timings on the shared 2-core machine swing by ±30 % from run to run, so 15 rather than 9. */
const runsPerBundle = 15;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Environment a handler may read at import time; values are placeholders, nothing is called. */
function importEnvironment(): NodeJS.ProcessEnv {
  const placeholders = Object.fromEntries(Object.values(env).map((name) => [name, `bench-${name.toLowerCase()}`]));
  return {
    PATH: process.env.PATH,
    ...placeholders,
    [env.retrySchedule]: '5,300',
    [env.feedItemLimit]: '50',
    [env.publicBaseUrl]: 'https://api.example.com',
    [env.feedsBaseUrl]: 'https://feeds.example.com',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    // The SDK warns at client construction on Node < 22 (the developers' Node 20); Lambda runs Node 24,
    // where it never warns, so the import is measured without the warning's write to stderr.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'Syndicate',
    POWERTOOLS_SERVICE_NAME: 'bench',
  };
}

/** An API Gateway v2 health check: routed and answered by the handler without any AWS call. */
const healthCheck = JSON.stringify({ version: '2.0', routeKey: 'GET /health', rawPath: '/health', headers: {}, isBase64Encoded: false, requestContext: { http: { method: 'GET', path: '/health' }, requestId: 'bench' } });

/** A bundle and the Node options its function runs with (its NODE_OPTIONS in the template). */
interface Bundle {
  file: string;
  nodeOptions: string[];
}

/** Milliseconds to import `file` in a fresh Node process (start-up excluded), and to answer a first request when `event` is given. */
function importMs({ file, nodeOptions }: Bundle, event?: string): number {
  const script = event
    ? `const t0 = performance.now(); const m = await import(process.argv[1]); const r = await m.handler(${event}); if (r.statusCode !== 200) throw new Error(JSON.stringify(r)); process.stdout.write(String(performance.now() - t0));`
    : 'const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0));';
  const out = execFileSync(process.execPath, [...nodeOptions, '--input-type=module', '-e', script, pathToFileURL(file).href], {
    env: importEnvironment(),
    encoding: 'utf8',
  });
  return Number(out);
}

/** Synthesises the app with bundling and returns each function's bundle file and Node options. */
function synthBundles(outdir: string): Map<LambdaName, Bundle> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir, context: { ...cdkJson.context, stage: 'bench' } });
  const { stateless } = buildSyndicate(app);
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, `${stateless.stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  const bundles = new Map<LambdaName, Bundle>();
  for (const resource of Object.values(template.Resources)) {
    const name = names.find((n) => resource.Properties.FunctionName === `bench-syndicate-${n}`);
    const hash = resource.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    const nodeOptions = resource.Properties.Environment?.Variables?.NODE_OPTIONS;
    if (resource.Type === 'AWS::Lambda::Function' && name && hash) {
      bundles.set(name, { file: join(outdir, `asset.${hash}`, 'index.mjs'), nodeOptions: typeof nodeOptions === 'string' ? nodeOptions.split(' ').filter(Boolean) : [] });
    }
  }
  return bundles;
}

/** A module that only creates a Powertools Tracer, bundled with the stack's esbuild options into `dir`. */
const tracerProbe = (dir: string): Promise<string> =>
  bundleSnippet("import { Tracer } from '@aws-lambda-powertools/tracer'; export const tracer = new Tracer({ serviceName: 'bench' });", join(dir, 'tracer-probe.mjs'));

export async function run(): Promise<Record<string, number | string>> {
  const missing = names.filter((name) => !existsSync(entryOf(name)));
  if (missing.length > 0) {
    return { 'bundles.maxKB': `skipped: ${missing.map((n) => `functions/${n}/handler.ts`).join(', ')} not in this checkout` };
  }
  const workdir = mkdtempSync(join(tmpdir(), 'syndicate-bundles-'));
  try {
    const bundles = synthBundles(join(workdir, 'cdk.out'));
    // The baseline and the Tracer probe run as the functions do: without --enable-source-maps (before 2 Dec they ran with it).
    const empty: Bundle = { file: join(workdir, 'empty.mjs'), nodeOptions: [] };
    writeFileSync(empty.file, 'export {};\n');

    const figures: Record<string, number | string> = {};
    let maxKB = 0;
    let largest = '';
    let slowestMs = 0;
    let slowest = '';
    const emptyRuns: number[] = [];
    for (const [name, bundle] of bundles) {
      const { file } = bundle;
      const kb = statSync(file).size / 1024;
      figures[`bundles.${name}KB`] = Number(kb.toFixed(1));
      const beside = readdirSync(dirname(file)).filter((f) => f !== 'index.mjs' && !f.endsWith('.map'));
      const besideKB = beside.reduce((sum, f) => sum + (statSync(join(dirname(file), f)).isFile() ? statSync(join(dirname(file), f)).size : 0), 0) / 1024;
      if (besideKB > 0) figures[`bundles.${name}BesideKB`] = Number(besideKB.toFixed(1));
      if (kb > maxKB) [maxKB, largest] = [kb, name];
      const runs: number[] = [];
      const emptyBeside: number[] = [];
      const firstRequest: number[] = [];
      for (let i = 0; i < runsPerBundle; i++) {
        // Interleaved, so the bundle, its first request and the baseline see the same machine load.
        emptyBeside.push(importMs(empty));
        runs.push(importMs(bundle));
        if (name === 'ingest') firstRequest.push(importMs(bundle, healthCheck));
      }
      emptyRuns.push(...emptyBeside);
      const ms = median(runs);
      figures[`bundles.${name}ImportMs`] = Number(ms.toFixed(2));
      figures[`bundles.${name}ImportPerEmpty`] = Number((ms / median(emptyBeside)).toFixed(2));
      if (name === 'ingest') figures['bundles.ingestFirstRequestMs'] = Number(median(firstRequest).toFixed(2));
      if (ms > slowestMs) [slowestMs, slowest] = [ms, name];
    }
    const tracer = await tracerProbe(workdir);
    const tracerRuns: number[] = [];
    for (let i = 0; i < runsPerBundle; i++) tracerRuns.push(importMs({ file: tracer, nodeOptions: [] }));
    return {
      'bundles.maxKB': Number(maxKB.toFixed(1)),
      'bundles.largest': largest,
      'bundles.coldImportMs': Number(slowestMs.toFixed(2)),
      'bundles.slowest': slowest,
      'bundles.coldImportPerEmpty': figures[`bundles.${slowest}ImportPerEmpty`] ?? 0,
      'bundles.emptyImportMs': Number(median(emptyRuns).toFixed(2)),
      'bundles.overBudget': [...bundles.keys()].filter((name) => (figures[`bundles.${name}KB`] as number) > bundleBudget.maxKB).join(', ') || 'none',
      ...figures,
      'bundles.tracerKB': Number((statSync(tracer).size / 1024).toFixed(1)),
      'bundles.tracerImportMs': Number(median(tracerRuns).toFixed(2)),
    };
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
