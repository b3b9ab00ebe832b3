import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthSyndicate } from '../synth.ts';

/** cfn-lint (Python, `pip install cfn-lint`) when it is on PATH; the test says so plainly when it is not. */
const cfnLint = (() => {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? 'cfn-lint' : undefined;
})();

interface Finding {
  Level: string;
  Rule: { Id: string };
  Message: string;
  Location: { Path: (string | number)[] };
}

describe.skipIf(!cfnLint)('cfn-lint on the synthesised templates', () => {
  it('finds no errors in either stack (warnings are CDK-generated DependsOn duplicates)', () => {
    const { app, stateful, stateless } = synthSyndicate({ context: { stage: 'qa', websubHub: 'https://hub.example.com/' } });
    const outdir = app.synth().directory;
    const files = [stateful, stateless].map((stack) => join(outdir, stack.templateFile));
    // Exit status is a bit mask (2 errors, 4 warnings, 8 informational): read the findings instead.
    const run = spawnSync(cfnLint!, ['--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const findings = JSON.parse(run.stdout || '[]') as Finding[];
    const errors = findings.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`);
    expect(errors).toEqual([]);
    expect(run.status! & 2).toBe(0);
  }, 180_000);
});

if (!cfnLint) {
  describe('cfn-lint on the synthesised templates', () => {
    it.skip('is skipped: cfn-lint is not on PATH (pip install cfn-lint to run it)', () => {
      execFileSync('cfn-lint');
    });
  });
}
