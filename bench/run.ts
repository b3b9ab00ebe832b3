/**
 * `npm run bench`: runs every suite in `bench/suites/`, each in a fresh process
 * (bench/run-suite.ts) so suites cannot leak environment or clients into one
 * another; each figure sits beside the baseline its suite measured in the same
 * run. Then writes
 * `bench/results.json` and prints a table. Suites export
 * `run(): Promise<Record<string, number | string>>`.
 * `npm run bench -- tagger feeds` runs only the named suites.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir } from 'node:os';

type Figures = Record<string, number | string>;

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => only.length === 0 || only.includes(f.slice(0, -3)))
  .sort();

const results: Figures = {};
const scratch = mkdtempSync(join(tmpdir(), 'syndicate-bench-'));
try {
  for (const file of files) {
    process.stderr.write(`bench: ${file} ...\n`);
    const out = join(scratch, `${file}.json`);
    execFileSync(process.execPath, ['--import', 'tsx', join(here, 'run-suite.ts'), join(here, 'suites', file), out], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    Object.assign(results, JSON.parse(readFileSync(out, 'utf8')) as Figures);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const report = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
  results,
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);

const width = Math.max(...Object.keys(results).map((k) => k.length), 6);
console.log(`${'figure'.padEnd(width)}  value`);
for (const [key, value] of Object.entries(results)) {
  const shown = typeof value === 'number' ? Number(value.toPrecision(4)).toString() : value;
  console.log(`${key.padEnd(width)}  ${shown}`);
}
