/**
 * Ingest's cold import and first POST /articles, each in a fresh Node process, against DynamoDB Local and
 * s3rver started for the run (issue 15: a cut in the import must not reappear in the first request).
 *
 *   node --import tsx bench/ingest-first-post.ts RUNS LABEL=NODE_FLAGS:BUNDLE [LABEL=NODE_FLAGS:BUNDLE …]
 *   e.g. before=--enable-source-maps:/tmp/before/index.mjs after=:cdk.out/asset.…/index.mjs
 *
 * For each bundle and run: the import alone, the import and a POST of the reference HTML sample, the import
 * and a POST of the text sample (each made a new article by a distinct paragraph; admin key). Prints the
 * median and minimum milliseconds, after two warm-up rounds (DynamoDB Local's own JIT). With ICOUNT=1 it
 * prints instructions of the Node process instead (valgrind cachegrind; the services are not counted), which
 * a loaded machine does not change. V8's background threads and random seeds still move a count by a few
 * million between runs; `--single-threaded --hash-seed=1 --random-seed=1` as the bundle's flags make it
 * repeat to the instruction (the work moves to the main thread, so compare counts taken the same way).
 * Not part of `npm run bench`: it needs the bundles built beforehand.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localServicesEnv, startLocalServices } from '../infra/local/services.ts';

const run = promisify(execFile);
const [runs = '5', ...specs] = process.argv.slice(2);
const bundles = specs.map((spec) => {
  // Split at the first `=` and the last `:`, so flags may carry values (`--hash-seed=1`).
  const label = spec.slice(0, spec.indexOf('='));
  const rest = spec.slice(spec.indexOf('=') + 1);
  const flags = rest.slice(0, rest.lastIndexOf(':'));
  const file = rest.slice(rest.lastIndexOf(':') + 1);
  return { label, flags: flags ? flags.split(' ') : [], file, figures: { import: [] as number[], html: [] as number[], text: [] as number[] } };
});
const html = readFileSync('events/articles/meridian-mosul-old-city.html', 'utf8');
const text = readFileSync('events/articles/opslens-tabqa-dam.txt', 'utf8');
const adminKey = 'bench-admin-key';
const eventFile = join(tmpdir(), `syndicate-first-post-${process.pid}.json`);
const post = (body: string, contentType: string, n: number) => ({
  version: '2.0', routeKey: 'POST /articles', rawPath: '/articles', rawQueryString: '', isBase64Encoded: false, body,
  headers: { authorization: `Bearer ${adminKey}`, 'content-type': contentType },
  requestContext: { http: { method: 'POST', path: '/articles' }, requestId: `bench-${n}`, routeKey: 'POST /articles' },
});

const services = await startLocalServices({ stage: 'bench' });
const env = { PATH: process.env.PATH, ...localServicesEnv(services), SYNDICATE_ADMIN_KEY: adminKey, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_SERVICE_NAME: 'bench' };

/** One fresh process: milliseconds (or millions of instructions) to import the bundle and answer `event`, if any. */
async function once(bundle: (typeof bundles)[number], event?: object): Promise<number> {
  if (event) writeFileSync(eventFile, JSON.stringify(event));
  const script = event
    ? `const e = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(eventFile)}, 'utf8')); const t0 = performance.now(); const m = await import(process.argv[1]); const r = await m.handler(e); if (r.statusCode >= 300) throw new Error(JSON.stringify(r)); process.stdout.write(String(performance.now() - t0)); process.exit(0);`
    : 'const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0)); process.exit(0);';
  const args = [...bundle.flags, '--input-type=module', '-e', script, `file://${bundle.file}`];
  // Asynchronous: s3rver answers from this process, so it must not block while the child runs.
  if (process.env.ICOUNT) {
    const { stderr } = await run('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, ...args], { env, encoding: 'utf8', timeout: 300_000 });
    return Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)![1]!.replace(/,/g, '')) / 1e6;
  }
  return Number((await run(process.execPath, args, { env, encoding: 'utf8', timeout: 60_000 })).stdout);
}

let n = 0;
try {
  const warmUp = process.env.ICOUNT ? 0 : 2;
  for (let round = 0; round < Number(runs) + warmUp; round++) {
    if (round === warmUp) for (const bundle of bundles) for (const values of Object.values(bundle.figures)) values.length = 0;
    for (const bundle of bundles) {
      const distinct = () => `Distinct paragraph ${++n} (${Date.now()}) for a new fingerprint.`;
      bundle.figures.import.push(await once(bundle));
      bundle.figures.html.push(await once(bundle, post(html.replace('</article>', `<p>${distinct()}</p></article>`), 'text/html; charset=utf-8', n)));
      bundle.figures.text.push(await once(bundle, post(`${text.trimEnd()}\n\n${distinct()}\n`, 'text/plain; charset=utf-8', n)));
    }
  }
} finally {
  await services.stop();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const unit = process.env.ICOUNT ? 'M instructions' : 'ms';
for (const { label, figures } of bundles) {
  console.log(`${label} (${unit}): ${Object.entries(figures).map(([k, v]) => `${k} median ${median(v).toFixed(1)} min ${Math.min(...v).toFixed(1)}`).join(' | ')}`);
}
