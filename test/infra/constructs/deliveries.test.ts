import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, type AttemptResult } from '#core/webhooks/attempt-outcome.ts';
import { defaultRetryPolicy } from '#core/webhooks/retry-policy.ts';
import {
  crashHeadroom,
  deployedRetrySchedule,
  longestDelays,
  maxVisibilitySeconds,
  receivesFor,
} from '#infra/deliveries-redrive.ts';
import { env } from '#infra/definitions.ts';
import { functionAccess, logicalIdOf, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const fourteenDays = 14 * 24 * 3600;
const deployedPolicy = { ...defaultRetryPolicy, schedule: deployedRetrySchedule };

describe('receives needed by a retry schedule', () => {
  it('counts one receive per attempt when every delay fits one visibility timeout', () => {
    expect(receivesFor([5, 300, 1800])).toBe(4);
  });

  it('counts the extra receives of delays longer than the 12-hour visibility cap', () => {
    expect(receivesFor([maxVisibilitySeconds])).toBe(1 + 1);
    expect(receivesFor([maxVisibilitySeconds + 1])).toBe(1 + 2);
    expect(receivesFor([24 * 3600 * 2.4])).toBe(1 + 5);
  });

  it('takes the longest delay the handler can choose: no decision of the core ever waits longer', () => {
    const longest = longestDelays(deployedPolicy);
    const throttled: AttemptResult = { kind: 'response', status: 503, retryAfter: String(30 * 24 * 3600), durationMs: 5, responsePrefix: '' };
    const failed: AttemptResult = { kind: 'error', error: 'timeout', message: 'timed out', durationMs: 5 };
    for (let attempt = 1; attempt <= deployedRetrySchedule.length; attempt++) {
      for (const result of [throttled, failed]) {
        for (const random of [0, 0.5, 0.999_999]) {
          const decision = decideAfterAttempt(deployedPolicy, attempt, result, Date.now(), random);
          expect(decision.action).toBe('retry');
          if (decision.action === 'retry') expect(decision.delaySeconds).toBeLessThanOrEqual(longest[attempt - 1]!);
        }
      }
    }
  });

  it('needs 20 receives for the deployed schedule of ten attempts over three days, in the worst case', () => {
    expect(deployedRetrySchedule).toHaveLength(9);
    expect(receivesFor(longestDelays(deployedPolicy))).toBe(20);
  });
});

describe('the deliveries queue', () => {
  const maxReceiveCount = receivesFor(longestDelays(deployedPolicy)) + crashHeadroom;

  it('leaves dead-lettering to the handler: its redrive fires only after every receive the schedule can need, and spare', () => {
    expect(maxReceiveCount).toBe(30);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'qa-syndicate-Deliveries',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveriesDlq'), 'Arn'] }, maxReceiveCount },
    });
  });

  it('lets deliver send to the DLQ it names in DELIVERIES_DLQ_URL, with the queue key', () => {
    const dlq = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-DeliveriesDlq' });
    const { env: vars, statements } = functionAccess(template, 'qa-syndicate-deliver');
    expect(vars[env.deliveriesDlqUrl]).toEqual({ Ref: dlq });
    // One statement may carry both queues deliver sends to: the DLQ, and its own queue (a held-back message goes back as a delayed copy).
    const sendsTo = statements
      .filter((s) => s.Action === 'sqs:SendMessage' || (Array.isArray(s.Action) && s.Action.includes('sqs:SendMessage')))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    const queue = logicalIdOf(template, 'AWS::SQS::Queue', { QueueName: 'qa-syndicate-Deliveries' });
    expect(sendsTo).toContainEqual({ 'Fn::GetAtt': [dlq, 'Arn'] });
    expect(sendsTo).toContainEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] } }),
    );
  });

  it('keeps messages 14 days, far beyond the schedule, and hides a message longer than the consumer runs', () => {
    const worstSpan = longestDelays(deployedPolicy).reduce((a, b) => a + b, 0);
    expect(worstSpan).toBeLessThan(fourteenDays);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'qa-syndicate-Deliveries',
      MessageRetentionPeriod: fourteenDays,
      VisibilityTimeout: 6 * 60,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'qa-syndicate-deliver', Timeout: 60 });
  });

  it.each(['qa-syndicate-DeliveriesDlq', 'qa-syndicate-PublishDlq', 'qa-syndicate-Pages', 'qa-syndicate-PagesDlq'])('%s is KMS-encrypted and keeps messages 14 days', (name) => {
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
      7, // deliveries, its DLQ, publish DLQ, embargo-release DLQ, ingest async failures, the pages queue and its DLQ
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
      EventSourceArn: { Ref: Match.stringLikeRegexp('^SsmParameterValue.*tablestreamarn') }, // from SSM, not an export
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
