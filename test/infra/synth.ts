import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { projectRoot } from '#infra/constructs/syndicate-function.ts';
import { buildSyndicate, type SyndicateStacks } from '#infra/stacks/syndicate-app.ts';

/** The feature flags and defaults of cdk.json, so tests synthesise what `npx cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface Synthesised extends SyndicateStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Builds the app as `infra/app.ts` does (cdk-nag included: a finding fails synthesis, so every test
 * also proves the app is nag-clean). Bundling is skipped unless asked for: templates do not depend
 * on the bundle's bytes, only its hash.
 */
export function synthSyndicate(options: { context?: Record<string, unknown>; bundle?: boolean } = {}): Synthesised {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'syndicate-cdk-')),
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stacks = buildSyndicate(app);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}

/** The logical id of the only resource of `type` whose properties match. */
export function logicalIdOf(template: Template, type: string, props: object): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  if (found.length !== 1) throw new Error(`expected one ${type} matching, found ${found.length}`);
  return found[0]!;
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: unknown;
}

/** The environment and the IAM statements of one function, by its deployed name. */
export function functionAccess(template: Template, functionName: string): { env: Record<string, unknown>; statements: Statement[] } {
  const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName } }));
  const roles = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: `Execution role of ${functionName}` } }));
  if (functions.length !== 1 || roles.length !== 1) throw new Error(`no single function/role named ${functionName}`);
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roles[0] }] } }));
  return {
    env: functions[0]!.Properties.Environment.Variables as Record<string, unknown>,
    statements: policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]),
  };
}

/** Actions of the statements, flattened. */
export const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** Resources of a statement, as a list whether IAM rendered one or many. */
export const resourcesOf = (statement: Statement): unknown[] => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);
