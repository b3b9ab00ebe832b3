/**
 * Runs one bench suite and writes its figures as JSON to the file named by the
 * second argument. bench/run.ts starts each suite in a process of its own so
 * no suite inherits another's environment, module-level clients or warm JIT.
 */
import { writeFileSync } from 'node:fs';

type Figures = Record<string, number | string>;
interface Suite {
  run(): Promise<Figures>;
}

const [suiteFile, outFile] = process.argv.slice(2);
if (!suiteFile || !outFile) throw new Error('usage: run-suite.ts SUITE_FILE OUT_FILE');
const suite = (await import(suiteFile)) as Suite;
writeFileSync(outFile, JSON.stringify(await suite.run()));
// Suites close their servers; anything a library left open must not keep the bench waiting.
process.exit(0);
