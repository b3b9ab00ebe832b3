import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { env } from '#infra/definitions.ts';
import { actionsOf, functionAccess, logicalIdOf, resourcesOf, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const ingestArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:qa-syndicate-ingest']],
};

describe('embargo releases through EventBridge Scheduler', () => {
  const role = logicalIdOf(template, 'AWS::IAM::Role', { Description: Match.stringLikeRegexp('EventBridge Scheduler') });

  it('has a schedule group named for the stage', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'qa-syndicate-embargoes' });
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
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: ingestArn })] },
    });
  });

  it('tells ingest the role, target and group, and lets it pass that role and manage schedules in that group only', () => {
    const { env: vars, statements } = functionAccess(template, 'qa-syndicate-ingest');
    expect(vars[env.schedulerRoleArn]).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    expect(vars[env.embargoTargetArn]).toEqual(ingestArn);
    expect(vars[env.schedulerGroupName]).toBe('qa-syndicate-embargoes');
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
