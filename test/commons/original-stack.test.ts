import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, prepareBundleCopies } from '#infra/constructs/bundling.ts';
import { projectRoot } from '#infra/constructs/syndicate-function.ts';
import { originalStack } from '#commons/original-stack.ts';

/** The error is thrown on line 2 of each snippet: where a mapped stack must point (function names stay minified). */
const throwing = "function refuse() { throw new Error('refused', { cause: new Error('beneath') }); }";

/** The building block, called directly. */
const direct = [
  "import { withOriginalStack } from './functions/commons/original-stack.ts';",
  throwing,
  'try { refuse(); } catch (error) { const e = withOriginalStack(error); process.stdout.write(JSON.stringify([e.stack, e.cause.stack])); }',
].join('\n');

/**
 * What every function's code does (publish, subscriptions, deliver and console as much as ingest): log
 * through the shared logger, and throw out of a handler wrapped as the handlers are. Nothing maps by hand.
 */
const asFunctionsDo = [
  "import { loggerFor } from './functions/commons/observability.ts'; import { mappingThrownStacks } from './functions/commons/original-stack.ts';",
  throwing,
  "try { refuse(); } catch (error) { loggerFor('probe').error('delivery failed unexpectedly', { error }); }",
  'await mappingThrownStacks(async () => refuse())().catch((error) => console.log(JSON.stringify({ thrown: error.stack })));',
].join('\n');

/** A frame of the snippet's line 2, as the map names the snippet (esbuild's `sourcefile`). */
const probeFrame = /^Error: (refused|beneath)\n\s+at \S+ \((?:[\w./-]+\/)?probe\.ts:2:\d+\)/;

describe('stacks of a bundle shipped with its source map beside it, not named in it', () => {
  let workdir: string;
  const bundles: Record<'direct' | 'asFunctionsDo', string> = { direct: '', asFunctionsDo: '' };

  beforeAll(async () => {
    const { build } = await import('esbuild');
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-stack-'));
    prepareBundleCopies();
    for (const [name, contents] of Object.entries({ direct, asFunctionsDo })) {
      const outfile = join(workdir, name, 'index.mjs');
      await build({
        stdin: { contents, resolveDir: projectRoot, loader: 'ts', sourcefile: 'probe.ts' },
        absWorkingDir: projectRoot,
        ...esbuildOptions,
        sourcemap: 'external',
        sourcesContent: false,
        outfile,
        logLevel: 'error',
      });
      bundles[name as keyof typeof bundles] = outfile;
    }
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  /** Everything the bundle wrote, one JSON value a line (Powertools writes ERROR lines to stderr). */
  const run = (file: string): unknown[] => {
    const { stdout, stderr } = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { PATH: process.env.PATH, POWERTOOLS_SERVICE_NAME: 'probe' } });
    return `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('{') || line.startsWith('[')).map((line) => JSON.parse(line) as unknown);
  };

  it('point at the TypeScript once mapped, causes included, though Node itself mapped nothing', () => {
    const [[stack, cause]] = run(bundles.direct) as [[string, string]];
    expect(stack).toMatch(probeFrame);
    expect(stack).not.toContain('index.mjs');
    expect(cause).toMatch(probeFrame);
  });

  it('point at the TypeScript in what the shared logger writes (stack, location, cause) and in what a wrapped handler throws', () => {
    const lines = run(bundles.asFunctionsDo) as { message?: string; error?: { location: string; stack: string; cause: { stack: string } }; thrown?: string }[];
    const logged = lines.find((line) => line.message === 'delivery failed unexpectedly')?.error;
    expect(logged?.stack).toMatch(probeFrame);
    expect(logged?.location).toMatch(/probe\.ts:2$/);
    expect(logged?.cause.stack).toMatch(probeFrame);
    const thrown = lines.find((line) => line.thrown)?.thrown;
    expect(thrown).toMatch(probeFrame);
    expect(JSON.stringify(lines)).not.toContain('index.mjs');
  });

  it('are left as they are without a map beside the bundle, and frames of other files always are', () => {
    rmSync(`${bundles.direct}.map`);
    expect((run(bundles.direct) as [[string]])[0][0]).toMatch(/at \S+ \(file:\/\/.*index\.mjs:\d+:\d+\)/);
    const other = 'Error: x\n    at f (file:///var/task/other.mjs:1:10)';
    expect(originalStack(other, 'file:///var/task/index.mjs')).toBe(other);
  });
});
