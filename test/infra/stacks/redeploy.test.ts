import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { adoptionMapping, retainedResources, type CfnTemplate } from '#infra/adopt/mapping.ts';
import { projectRoot } from '#infra/constructs/syndicate-function.ts';
import { buildSyndicate } from '#infra/stacks/syndicate-app.ts';
import { cdkJsonContext, synthSyndicate } from '../synth.ts';

/** The templates `npm run adopt` reads: a concrete account and region, so every name is a literal. */
function concreteTemplates(): { stateful: CfnTemplate; stateless: CfnTemplate } {
  const app = new App({ context: { ...cdkJsonContext(), stage: 'qa', 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildSyndicate(app, { account: '111122223333', region: 'eu-west-1' });
  const assembly = app.synth();
  return {
    stateful: assembly.getStackByName(stacks.stateful.stackName).template as CfnTemplate,
    stateless: assembly.getStackByName(stacks.stateless.stackName).template as CfnTemplate,
  };
}

const { stateful, stateless } = concreteTemplates();
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const deploySection = readme.slice(readme.indexOf('## Deploy'));

describe('a redeploy after cdk destroy --all', () => {
  it('finds every retained resource again under its fixed name, with the identifier cdk import needs', async () => {
    const mapping = await adoptionMapping(stateful, async (name) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-AbCdEf`);
    expect(Object.values(mapping).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { BucketName: 'qa-syndicate-access-logs-111122223333-eu-west-1' },
      { BucketName: 'qa-syndicate-content-111122223333-eu-west-1' },
      { Id: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:qa-syndicate-admin-key-AbCdEf' },
      { Id: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:qa-syndicate-webhook-secrets-key-AbCdEf' },
      { Name: 'qa-syndicate-embargoes' },
      { TableName: 'qa-syndicate-Syndication' },
    ]);
  });

  it('retains them except when their own create rolls back, so a failed first deploy leaves nothing to collide with', () => {
    for (const { logicalId } of retainedResources(stateful)) {
      expect(stateful.Resources[logicalId], logicalId).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('recreates everything else: the stateless stack retains nothing, and what the stateful stack does not retain is configuration', () => {
    expect(retainedResources(stateless)).toEqual([]);
    const recreated = Object.values(stateful.Resources).filter((r) => !['Retain', 'RetainExceptOnCreate'].includes(r.DeletionPolicy ?? '')).map((r) => r.Type);
    // The table's auto scaling (provisioned billing, the default) is configuration too: recreated, it scales the adopted table again.
    expect([...new Set(recreated)].sort()).toEqual(['AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::S3::BucketPolicy', 'AWS::SSM::Parameter']);
  });

  it('needs no cross-stack export, so the stateful stack can change without "export in use"', () => {
    const { statefulTemplate, statelessTemplate } = synthSyndicate({ context: { stage: 'qa' } });
    expect(statefulTemplate.toJSON().Outputs ?? {}).toEqual({});
    expect(JSON.stringify(statelessTemplate.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('is what the README says: each retained resource named, and the adopt-then-deploy commands given', () => {
    for (const { name } of retainedResources(stateful)) {
      const documented = name.replace('qa-', '<stage>-').replace('111122223333-eu-west-1', '<account>-<region>');
      expect(deploySection, documented).toContain(`\`${documented}\``);
    }
    expect(deploySection).toContain('npm run adopt -- --account <account> --region <region>');
    expect(deploySection).toContain('npx cdk import <stage>-syndicate-stateful');
    expect(deploySection).toMatch(/failed first deploy[^.]*nothing behind/);
  });
});
