import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, prepareLeanS3 } from '#infra/constructs/bundling.ts';
import { projectRoot } from '#infra/constructs/syndicate-function.ts';
import { originalStack } from '#commons/original-stack.ts';

/** The error is thrown on line 2 of this snippet: where the mapped stack must point (function names stay minified). */
const snippet = [
  "import { withOriginalStack } from './functions/commons/original-stack.ts';",
  "function refuse() { throw new Error('refused', { cause: new Error('beneath') }); }",
  'try { refuse(); } catch (error) { const e = withOriginalStack(error); process.stdout.write(JSON.stringify([e.stack, e.cause.stack])); }',
].join('\n');

describe('stacks of a bundle shipped with its source map beside it, not named in it', () => {
  let workdir: string;
  let outfile: string;

  beforeAll(async () => {
    const { build } = await import('esbuild');
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-stack-'));
    outfile = join(workdir, 'index.mjs');
    prepareLeanS3();
    await build({
      stdin: { contents: snippet, resolveDir: projectRoot, loader: 'ts', sourcefile: 'probe.ts' },
      absWorkingDir: projectRoot,
      ...esbuildOptions,
      sourcemap: 'external',
      sourcesContent: false,
      outfile,
      logLevel: 'error',
    });
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  const run = (): [string, string] => JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as [string, string];

  it('point at the TypeScript once logged, causes included, though Node itself mapped nothing', () => {
    const [stack, cause] = run();
    expect(stack).toMatch(/^Error: refused\n\s+at \S+ \((?:[\w./-]+\/)?probe\.ts:2:\d+\)/);
    expect(stack).not.toContain('index.mjs');
    expect(cause).toMatch(/^Error: beneath\n\s+at \S+ \((?:[\w./-]+\/)?probe\.ts:2:\d+\)/);
  });

  it('are left as they are without a map beside the bundle, and frames of other files always are', () => {
    rmSync(`${outfile}.map`);
    expect(run()[0]).toMatch(/at \S+ \(file:\/\/.*index\.mjs:\d+:\d+\)/);
    const other = 'Error: x\n    at f (file:///var/task/other.mjs:1:10)';
    expect(originalStack(other, 'file:///var/task/index.mjs')).toBe(other);
  });
});
