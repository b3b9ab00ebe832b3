import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { alarmThresholds } from '#infra/constructs/alarm-thresholds.ts';
import { webhookFailureRateThreshold, webhookMetrics } from '#infra/constructs/monitoring.ts';
import { defaultRetryPolicy } from '#core/webhooks/retry-policy.ts';
import { deployedRetrySchedule, longestDelays } from '#infra/deliveries-redrive.ts';
import { lambdas, pagesQueueSource, queues, table } from '#infra/definitions.ts';
import { buildSyndicate } from '#infra/stacks/syndicate-app.ts';
import { cdkJsonContext, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template, statefulTemplate } = synthSyndicate({ context: { stage: 'qa', alarmEmail: 'ops@example.com' } });
const alarmTopic = { Ref: Match.stringLikeRegexp('^MonitoringAlarms') };
const notBreaching = 'notBreaching';
/** What every "any one is too many" alarm shares: a 5-minute Sum, firing on the first, quiet without data. */
const anyInFiveMinutes = {
  Statistic: 'Sum',
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: notBreaching,
  AlarmActions: [alarmTopic],
};

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

describe('alarms on lag, throttling and server errors', () => {
  it('fire when the publish stream falls two minutes behind for five minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-publish-iterator-age',
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^PublishFunction') } }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 5,
      Threshold: 120_000, // IteratorAge is in milliseconds
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: notBreaching,
      AlarmActions: [alarmTopic],
    });
  });

  it('fire when listing pages wait a quarter of an hour for their pass (longer than its window and one failed pass)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-pages-oldest-message',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PagesQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: notBreaching,
      AlarmActions: [alarmTopic],
    });
    const pass = pagesQueueSource.maxBatchingWindowSeconds + queues.pages.visibilityTimeoutFactor * lambdas.publish.timeoutSeconds;
    expect(alarmThresholds.pagesOldestMessage.maxAge.toSeconds()).toBeGreaterThan(pass);
  });

  it("fire when a delivery waits half an hour in the deliveries queue (not its DLQ)", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-deliveries-oldest-message',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveriesQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1800,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: notBreaching,
      AlarmActions: [alarmTopic],
    });
  });

  it('leave room for retries: SQS stops counting a message after three receives, by then it waited two delays at most', () => {
    const [first, second] = longestDelays({ ...defaultRetryPolicy, schedule: deployedRetrySchedule });
    expect(alarmThresholds.deliveriesOldestMessage.maxAge.toSeconds()).toBeGreaterThan(2 * (first! + second!));
  });

  it.each([
    ['read', 'ReadThrottleEvents'],
    ['write', 'WriteThrottleEvents'],
  ])('fire on any DynamoDB %s throttle event on the table', (kind, metric) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `qa-syndicate-dynamodb-table-${kind}-throttles`,
      Namespace: 'AWS/DynamoDB',
      MetricName: metric,
      Dimensions: [{ Name: 'TableName', Value: 'qa-syndicate-Syndication' }],
      ...anyInFiveMinutes,
    });
  });

  it("cover every global secondary index the table has (each index's throttles are counted apart from the table's)", () => {
    const deployed = Object.values(statefulTemplate.findResources('AWS::DynamoDB::Table')).flatMap(
      (t) => ((t.Properties.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).map((i) => i.IndexName),
    );
    expect([...table.globalSecondaryIndexes].sort()).toEqual(deployed.sort());
    for (const index of deployed) {
      for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Dimensions: Match.arrayWith([{ Name: 'GlobalSecondaryIndexName', Value: index }]),
          AlarmActions: [alarmTopic],
        });
      }
    }
  });

  it('fire on any throttled read of the table stream', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-dynamodb-stream-throttles',
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ThrottledRequests',
      Dimensions: Match.arrayEquals([
        { Name: 'Operation', Value: 'GetRecords' },
        { Name: 'TableName', Value: 'qa-syndicate-Syndication' },
      ]),
      ...anyInFiveMinutes,
    });
  });

  it('fire on any 5xx from the HTTP API', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'qa-syndicate-api-5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^HttpApi') } }],
      ...anyInFiveMinutes,
    });
  });

  const cdnAlarm = {
    AlarmName: 'qa-syndicate-cdn-5xx-rate',
    Namespace: 'AWS/CloudFront',
    MetricName: '5xxErrorRate',
    Dimensions: Match.arrayEquals([
      { Name: 'DistributionId', Value: { Ref: Match.stringLikeRegexp('^FeedsDistribution') } },
      { Name: 'Region', Value: 'Global' },
    ]),
    Statistic: 'Average',
    Period: 300,
    EvaluationPeriods: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: notBreaching,
    AlarmActions: [alarmTopic],
  };

  it('fire on a CloudFront 5xx rate above 5 %, only when deployed to us-east-1 (where CloudFront metrics are) if the region is left to the deploy', () => {
    const [id] = Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: cdnAlarm }));
    expect(id).toBeDefined();
    expect(template.toJSON().Resources[id!].Condition).toBe('InCloudFrontMetricsRegion');
    template.hasCondition('InCloudFrontMetricsRegion', { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });

  it.each([
    ['us-east-1', 1],
    ['eu-west-1', 0],
  ])('decide at synth when the region is known: %s gets %i CloudFront alarm', (region, count) => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], stage: 'qa' } });
    const stateless = Template.fromStack(buildSyndicate(app, { account: '123456789012', region }).stateless);
    expect(Object.keys(stateless.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'qa-syndicate-cdn-5xx-rate' } }))).toHaveLength(count);
    expect(stateless.toJSON().Conditions ?? {}).toEqual({});
  });
});

describe('the alarm topic', () => {
  it('e-mails the address given as the alarmEmail deploy setting', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: alarmTopic });
  });

  it('has no subscriber without the setting', () => {
    synthSyndicate({ context: { stage: 'qa' } }).statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('refuses a setting that is not an e-mail address', () => {
    expect(() => synthSyndicate({ context: { stage: 'qa', alarmEmail: 'ops at example' } })).toThrow(/alarmEmail must be an e-mail address/);
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
