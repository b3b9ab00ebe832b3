import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { env } from '#infra/definitions.ts';
import { bundling } from '#infra/constructs/bundling.ts';
import type { LambdaName } from '#infra/constructs/syndicate-function.ts';
import { synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const names: LambdaName[] = ['ingest', 'subscriptions', 'publish', 'deliver'];

describe.each(names)('the %s function', (name) => {
  const functionName = `qa-syndicate-${name}`;

  it('runs Node.js 24 on arm64 with JSON logs into its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionName,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.anyValue() }, ApplicationLogLevel: 'INFO' },
      MemorySize: Match.anyValue(),
      Timeout: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/lambda/${functionName}`, RetentionInDays: 30 });
  });

  it('leaves source maps to the errors it logs and configures Powertools', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionName,
      Environment: {
        Variables: Match.objectLike({
          // No --enable-source-maps: errors are mapped when logged or thrown (original-stack.ts), so Node does no source-map work at a cold start.
          NODE_OPTIONS: Match.absent(),
          POWERTOOLS_SERVICE_NAME: `syndicate-${name}`,
          POWERTOOLS_METRICS_NAMESPACE: 'Syndicate',
          [env.tableName]: 'qa-syndicate-Syndication', // a derived name, not an export
        }),
      },
    });
  });

  it('has a role without AWS managed policies that may write only to its own log group', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { Description: `Execution role of ${functionName}` },
    });
    const [roleId, role] = Object.entries(roles)[0]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } }),
        ]),
      },
    });
  });
});

describe('bundling defaults', () => {
  it('builds a minified ESM bundle with source maps and nothing external, not even the `@aws-sdk/*` NodejsFunction leaves out by default', () => {
    expect(bundling).toMatchObject({ format: 'esm', minify: true, sourceMap: true, sourceMapMode: 'external', externalModules: [] });
  });
});
