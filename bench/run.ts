/**
 * `npm run bench`: runs every suite in `bench/suites/` in one process, so each
 * figure sits beside the baseline measured in the same run, then writes
 * `bench/results.json` and prints a table. Suites export
 * `run(): Promise<Record<string, number | string>>` and a `name`.
 * `npm run bench -- tagger feeds` runs only the named suites.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';

type Figures = Record<string, number | string>;
interface Suite {
  run(): Promise<Figures>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => only.length === 0 || only.includes(f.slice(0, -3)))
  .sort();

const results: Figures = {};
for (const file of files) {
  const suite = (await import(join(here, 'suites', file))) as Suite;
  process.stderr.write(`bench: ${file} ...\n`);
  Object.assign(results, await suite.run());
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
