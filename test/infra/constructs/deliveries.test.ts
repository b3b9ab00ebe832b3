import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  crashHeadroom,
  deployedRetrySchedule,
  maxVisibilitySeconds,
  receivesForSchedule,
} from '#infra/constructs/deliveries.ts';
import { env } from '#infra/definitions.ts';
import { logicalIdOf, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const fourteenDays = 14 * 24 * 3600;

describe('receives needed by a retry schedule', () => {
  it('counts one receive per attempt when every delay fits one visibility timeout', () => {
    expect(receivesForSchedule([5, 300, 1800])).toBe(4);
  });

  it('counts the extra receives of delays longer than the 12-hour visibility cap, jitter included', () => {
    expect(receivesForSchedule([maxVisibilitySeconds])).toBe(1 + 2); // 12 h + 20 % jitter needs two hops
    expect(receivesForSchedule([24 * 3600], 0)).toBe(1 + 2);
    expect(receivesForSchedule([24 * 3600])).toBe(1 + 3);
  });

  it('covers the deployed schedule of nine attempts over three days', () => {
    expect(deployedRetrySchedule).toHaveLength(9);
    expect(receivesForSchedule(deployedRetrySchedule)).toBe(14);
  });
});

describe('the deliveries queue', () => {
  const maxReceiveCount = receivesForSchedule(deployedRetrySchedule) + crashHeadroom;

  it('sends a message to its DLQ only after more receives than the schedule needs', () => {
    expect(maxReceiveCount).toBeGreaterThan(deployedRetrySchedule.length);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'qa-syndicate-Deliveries',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveriesDlq'), 'Arn'] }, maxReceiveCount },
    });
  });

  it('keeps messages 14 days, far beyond the schedule, and hides a message longer than the consumer runs', () => {
    const scheduleSpan = deployedRetrySchedule.reduce((a, b) => a + b, 0) * 1.2;
    expect(scheduleSpan).toBeLessThan(fourteenDays);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'qa-syndicate-Deliveries',
      MessageRetentionPeriod: fourteenDays,
      VisibilityTimeout: 6 * 60,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'qa-syndicate-deliver', Timeout: 60 });
  });

  it.each(['qa-syndicate-DeliveriesDlq', 'qa-syndicate-PublishDlq'])('%s is KMS-encrypted and keeps messages 14 days', (name) => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: name,
      MessageRetentionPeriod: fourteenDays,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueKey'), 'Arn'] },
    });
  });

  it('encrypts with a rotating customer key and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } },
      3,
    );
  });

  it('feeds the deliver Lambda with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveriesQueue'), 'Arn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^DeliverFunction') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('tells the deliver Lambda the same schedule the queue was sized for', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'qa-syndicate-deliver',
      Environment: { Variables: Match.objectLike({ [env.retrySchedule]: deployedRetrySchedule.join(',') }) },
    });
  });
});

describe('the publish stream mapping', () => {
  it('receives only article LATEST items, bisects failing batches, reports item failures and parks what still fails', () => {
    const publishDlq = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-PublishDlq' });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^PublishFunction') },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StreamArn') },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [publishDlq, 'Arn'] } } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'ARTICLE#' }] }, sk: { S: ['LATEST'] } } } }) }],
      },
    });
  });
});

describe('the S3 inbox', () => {
  it('invokes ingest for objects created under inbox/ only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbox/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestFunction'), 'Arn'] },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestFunction'), 'Arn'] },
    });
  });
});
