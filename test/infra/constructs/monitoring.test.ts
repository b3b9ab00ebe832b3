import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { webhookFailureRateThreshold, webhookMetrics } from '#infra/constructs/monitoring.ts';
import { synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const alarmTopic = { Ref: Match.stringLikeRegexp('^MonitoringAlarms') };

describe('alarms', () => {
  it('send operator notices (endpoint disabled, circuit opened) to the alarm topic, counted from the deliver log', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "operator.notice" }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Syndicate', MetricName: 'OperatorNotices', MetricValue: '1' })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-operator-notice',
      MetricName: 'OperatorNotices',
      Threshold: 1,
      AlarmActions: [alarmTopic],
    });
  });

  it.each(['deliveries', 'publish'])('fire on any message in the %s DLQ', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `qa-syndicate-${name}-dlq-depth`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [alarmTopic],
    });
  });

  it.each(['ingest', 'subscriptions', 'publish', 'deliver'])('fire on errors and throttles of %s', (name) => {
    for (const [suffix, metric] of [['errors', 'Errors'], ['throttles', 'Throttles']] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `qa-syndicate-syndicate-${name}-${suffix}`,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.anyValue() } }],
        Threshold: 1,
        AlarmActions: [alarmTopic],
      });
    }
  });

  it('fire when too many webhook attempts fail, from the metrics the deliver Lambda emits', () => {
    const metric = (name: string) =>
      Match.objectLike({
        MetricStat: Match.objectLike({
          Metric: { Namespace: 'Syndicate', MetricName: name, Dimensions: [{ Name: 'service', Value: 'syndicate-deliver' }] },
          Stat: 'Sum',
        }),
      });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-webhook-failure-rate',
      Threshold: webhookFailureRateThreshold,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: Match.stringLikeRegexp('100 \\* failed / \\(delivered \\+ failed\\)') }),
        metric(webhookMetrics.delivered),
        metric(webhookMetrics.failed),
      ]),
      AlarmActions: [alarmTopic],
    });
    expect(webhookMetrics).toEqual({ delivered: 'WebhookDelivered', failed: 'WebhookDeliveryFailed' });
  });

  it('notify an SNS topic that is encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'qa-syndicate-alarms', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('the dashboard', () => {
  it('exists under the stage name and shows the webhook metrics', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'qa-syndicate-syndicate',
      DashboardBody: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('WebhookDeliveryFailed')])] }),
    });
  });
});

describe('stack outputs', () => {
  it('give the API URL, the feeds URL, the bucket and the table', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApi'), 'ApiEndpoint'] } });
    template.hasOutput('FeedsUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['/feeds/all.rss'])] } });
    template.hasOutput('BucketName', { Value: { 'Fn::Join': ['', Match.arrayWith(['qa-syndicate-content-'])] } });
    template.hasOutput('TableName', { Value: 'qa-syndicate-Syndication' });
  });
});
