import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext, synthSyndicate } from '../synth.ts';

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

/** A throwaway app with the same pack and one bucket left with S3 defaults (no access logs, plain HTTP allowed). */
function throwawayApp(acknowledge: boolean): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'syndicate-nag-'));
  const app = new App({ outdir, context: cdkJsonContext() });
  const bucket = new s3.Bucket(new Stack(app, 'Throwaway'), 'Careless');
  if (acknowledge) {
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'Throwaway test bucket: proves an acknowledgement with a reason silences the finding.' },
      { id: 'AwsSolutions-S10', reason: 'Throwaway test bucket: proves an acknowledgement with a reason silences the finding.' },
    );
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, outdir };
}

describe('cdk-nag AwsSolutions', () => {
  it('is live: a non-compliant bucket makes synthesis fail, naming the rules it breaks', () => {
    const { app, outdir } = throwawayApp(false);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1'[\s\S]*AwsSolutions-S10'/);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(report.pluginReports[0]!.violations[0]!.violatingConstructs[0]!.constructPath).toMatch(/^Throwaway\/Careless/);
  });

  it('passes the same bucket once each finding is acknowledged', () => {
    const { app } = throwawayApp(true);
    expect(() => app.synth()).not.toThrow();
  });

  it('passes the syndicate app, and every acknowledgement in it says specifically why', () => {
    const { app } = synthSyndicate({ context: { stage: 'qa', websubHub: 'https://hub.example.com/' } });
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    const nag = acknowledgements.filter(([id]) => id.includes('AwsSolutions-'));
    expect(nag.length).toBeGreaterThan(5);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, `reason for ${id}`).toBeGreaterThanOrEqual(50);
    }
  });
});
