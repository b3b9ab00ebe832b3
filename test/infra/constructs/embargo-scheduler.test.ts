import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { embargoSweepMinutes } from '#infra/constructs/embargo-scheduler.ts';
import { env } from '#infra/definitions.ts';
import { actionsOf, functionAccess, logicalIdOf, resourcesOf, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template, statefulTemplate } = synthSyndicate({ context: { stage: 'qa' } });
const ingestArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:qa-syndicate-ingest']],
};

describe('embargo releases through EventBridge Scheduler', () => {
  const role = logicalIdOf(template, 'AWS::IAM::Role', { Description: Match.stringLikeRegexp('EventBridge Scheduler') });

  it('keeps the schedule group in the stateful stack, retained, so replacing functions never deletes pending releases', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    statefulTemplate.hasResource('AWS::Scheduler::ScheduleGroup', { DeletionPolicy: 'RetainExceptOnCreate', Properties: { Name: 'qa-syndicate-embargoes' } });
  });

  it('retries each release for a day, then dead-letters it into an alarmed queue', () => {
    const { env: vars } = functionAccess(template, 'qa-syndicate-ingest');
    const dlq = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-embargo-release-dlq' });
    expect(vars[env.embargoDlqArn]).toEqual({ 'Fn::GetAtt': [dlq, 'Arn'] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [dlq, 'Arn'] } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }] });
  });

  it('sweeps every few minutes with release-due-embargoes, retried and dead-lettered too', () => {
    const failures = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-ingest-async-failures' });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${embargoSweepMinutes} minutes)`,
      Targets: [
        Match.objectLike({
          Input: JSON.stringify({ action: 'release-due-embargoes' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: embargoSweepMinutes * 60 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failures, 'Arn'] } },
        }),
      ],
    });
    expect(embargoSweepMinutes).toBeLessThanOrEqual(5);
  });

  it('sends ingest asynchronous invocations that still fail after two retries to an alarmed queue', () => {
    const failures = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-ingest-async-failures' });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^IngestFunction') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failures, 'QueueName'] } }] });
  });

  it('has a role only Scheduler of this account assumes, allowed to invoke ingest and nothing else', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: ingestArn })]) },
    });
    // A fixed name: schedules made before a redeploy name this role, and a recreated stack recreates it.
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: { 'Fn::Join': ['', ['qa-syndicate-embargo-scheduler-', { Ref: 'AWS::Region' }]] } });
  });

  it('tells ingest the role, target and group, and lets it pass that role and manage schedules in that group only', () => {
    const { env: vars, statements } = functionAccess(template, 'qa-syndicate-ingest');
    expect(vars[env.schedulerRoleArn]).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    expect(vars[env.embargoTargetArn]).toEqual(ingestArn);
    expect(vars[env.schedulerGroupName]).toBe('qa-syndicate-embargoes');
    expect(JSON.stringify(statements)).not.toMatch(/scheduler:(Update|Delete)Schedule/);
    const passRole = statements.find((s) => actionsOf([s]).includes('iam:PassRole'))!;
    expect(resourcesOf(passRole)).toEqual([{ 'Fn::GetAtt': [role, 'Arn'] }]);
    const schedules = statements.find((s) => actionsOf([s]).includes('scheduler:CreateSchedule'))!;
    expect(resourcesOf(schedules)).toEqual([
      {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/qa-syndicate-embargoes/*']],
      },
    ]);
  });
});
