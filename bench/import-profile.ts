/**
 * Where a function's cold import goes, module by module (issue 15: what to cut to reach 60 ms).
 *
 *   node --import tsx bench/import-profile.ts FUNCTION [RUNS=9] [GROUP=file|package]
 *
 * Bundles `functions/FUNCTION/handler.ts` with the stack's esbuild options, unminified so that each
 * module keeps esbuild's `// path` comment, and puts a clock reading before every module's top-level
 * code. Each run imports the bundle in a fresh Node process and attributes the time between two readings
 * to the module that ran between them; a CommonJS module's time lands on the module that first requires
 * it. `(before the first module)` is what Node does before any of the bundle's code runs: compiling the
 * bundle, and loading the Node built-ins it imports. Prints each module's median over the runs.
 *
 * The unminified bundle is about twice the size, so compile figures run higher than the minified
 * bundle's (`npm run bench -- bundles` measures that). A profiling aid, not part of `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, prepareBundleCopies } from '#infra/constructs/bundling.ts';
import { compiledTaxonomyFileName } from '#core/tagging/compiled-form.ts';
import { env } from '#infra/definitions.ts';

const [name = 'ingest', runs = '9', group = 'file'] = process.argv.slice(2);
const moduleComment = /^\/\/ (\S+\.(?:ts|js|mjs|cjs|json))$/;

/** The bundle with a `[module, time]` reading before each module's code, and one at the end. */
async function instrumentedBundle(dir: string): Promise<string> {
  prepareBundleCopies();
  const outfile = join(dir, 'index.mjs');
  await build({ entryPoints: [`functions/${name}/handler.ts`], absWorkingDir: process.cwd(), ...esbuildOptions, minify: false, outfile, logLevel: 'error' });
  if (name === 'ingest') copyFileSync(join('functions/ingest', compiledTaxonomyFileName), join(dir, compiledTaxonomyFileName));
  const lines: string[] = [];
  let first = true;
  for (const line of readFileSync(outfile, 'utf8').split('\n')) {
    const module = moduleComment.exec(line)?.[1];
    if (module) {
      if (first) lines.push('globalThis.__importReadings = [];');
      first = false;
      lines.push(`globalThis.__importReadings.push([${JSON.stringify(module)}, performance.now()]);`);
    }
    lines.push(line);
  }
  lines.push('globalThis.__importReadings.push(["(end)", performance.now()]);');
  writeFileSync(outfile, lines.join('\n'));
  return outfile;
}

interface Run {
  start: number;
  total: number;
  readings: [module: string, at: number][];
}

function importOnce(file: string): Run {
  const placeholders = Object.fromEntries(Object.values(env).map((variable) => [variable, `bench-${variable.toLowerCase()}`]));
  const script = 'const start = performance.now(); await import(process.argv[1]); process.stdout.write(JSON.stringify({ start, total: performance.now() - start, readings: globalThis.__importReadings }));';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, `file://${file}`], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      ...placeholders,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'bench',
      POWERTOOLS_METRICS_NAMESPACE: 'Syndicate',
    },
  });
  return JSON.parse(out) as Run;
}

const groupOf = (module: string): string => {
  if (group !== 'package') return module;
  const inPackage = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(module);
  return inPackage ? inPackage[1]! : module.split('/').slice(0, 3).join('/');
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'syndicate-import-profile-'));
try {
  const file = await instrumentedBundle(dir);
  const perModule = new Map<string, number[]>();
  const totals: number[] = [];
  for (let i = 0; i < Number(runs); i++) {
    const { start, total, readings } = importOnce(file);
    totals.push(total);
    const spent = new Map<string, number>([['(before the first module)', readings[0]![1] - start]]);
    for (let r = 0; r + 1 < readings.length; r++) {
      const key = groupOf(readings[r]![0]);
      spent.set(key, (spent.get(key) ?? 0) + readings[r + 1]![1] - readings[r]![1]);
    }
    for (const [key, ms] of spent) perModule.set(key, [...(perModule.get(key) ?? []), ms]);
  }
  console.log(`${name}: import ${median(totals).toFixed(1)} ms (median of ${runs}, unminified)`);
  const rows = [...perModule].map(([key, values]) => [key, median(values)] as const).sort((a, b) => b[1] - a[1]);
  for (const [key, ms] of rows.slice(0, 40)) console.log(`${ms.toFixed(2).padStart(8)}  ${key}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
