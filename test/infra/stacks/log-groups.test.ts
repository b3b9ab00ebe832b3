import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthSyndicate } from '../synth.ts';

const { statefulTemplate, statelessTemplate } = synthSyndicate({ context: { stage: 'qa' } });
const stacks: [string, Template][] = [
  ['stateful', statefulTemplate],
  ['stateless', statelessTemplate],
];

/** Logical ids of the log groups a template creates. */
const logGroupIds = (template: Template): Set<string> => new Set(Object.keys(template.findResources('AWS::Logs::LogGroup')));

describe.each(stacks)('logs of the %s stack', (_name, template) => {
  it('expire: every log group has a retention', () => {
    for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties?.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it("go to an explicit log group for every function, CDK's own helpers included (the implicit one never expires)", () => {
    const groups = logGroupIds(template);
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      const target = (fn.Properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      expect(target, `${id} LoggingConfig.LogGroup`).toBeDefined();
      expect(groups.has(target!), `${id} logs to ${target}, a log group of this stack`).toBe(true);
    }
  });
});

it('the stateless stack has a function whose log group CDK would otherwise leave implicit (the bucket-notifications handler)', () => {
  const helpers = Object.values(statelessTemplate.findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.FunctionName === undefined);
  expect(helpers.length).toBeGreaterThan(0);
});
