import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceName } from '#infra/definitions.ts';
import { alarmThresholds } from './alarm-thresholds.ts';
import { cloudFrontMetricsHere } from './cloudfront-metrics-region.ts';
import { metricsNamespace, type SyndicateFunction } from './syndicate-function.ts';

/**
 * Custom metrics the deliver Lambda emits through Powertools Metrics (namespace `Syndicate`, default
 * dimension `service` = its POWERTOOLS_SERVICE_NAME), one count per attempt.
 */
export const webhookMetrics = { delivered: 'WebhookDelivered', failed: 'WebhookDeliveryFailed' } as const;

/** Counted from the deliver log: one per `operator.notice` line (functions/deliver/notices.ts). */
export const operatorNoticeMetric = 'OperatorNotices';

/** Share of failed webhook attempts (percent over 15 minutes) that raises the alarm. */
export const webhookFailureRateThreshold = 25;

export interface MonitoringProps {
  readonly stage: string;
  readonly key: kms.IKey;
  readonly functions: readonly SyndicateFunction[];
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  readonly deliver: SyndicateFunction;
  /** Its stream mapping's IteratorAge says how far feeds and webhooks lag behind the table. */
  readonly publish: SyndicateFunction;
  /** The deliveries queue (not its DLQ): a backlog shows as the age of its oldest message. */
  readonly deliveriesQueue: sqs.IQueue;
  /** The pages queue (not its DLQ): listing pages that wait for their pass far beyond its window. */
  readonly pagesQueue?: sqs.IQueue;
  /** The table by name (it lives in the stateful stack) and its global secondary indexes, if any. */
  readonly table: { readonly name: string; readonly globalSecondaryIndexes: readonly string[] };
  readonly api: apigw.IHttpApi;
  readonly distribution: cloudfront.IDistribution;
  /** Subscribed to the alarm topic when set (context `alarmEmail`); AWS e-mails a confirmation link first. */
  readonly alarmEmail?: string;
}

/**
 * Alarms into one encrypted SNS topic (an e-mail address from the deploy settings, or a pager) and one
 * dashboard: any message in a DLQ, any function error or throttle, a webhook failure rate above the
 * threshold while there is traffic (a rate over nothing is not an incident), the publish stream
 * falling behind, a deliveries backlog, DynamoDB throttling, API 5xx and CloudFront 5xx
 * (thresholds and their reasons: alarm-thresholds.ts).
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      topicName: resourceName(props.stage, 'alarms'),
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, alarmId, props);
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };
    const atLeastOne = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}DlqDepth`, {
        ...atLeastOne,
        alarmName: resourceName(props.stage, `${name}-dlq-depth`),
        alarmDescription: `Messages waiting in the ${name} dead-letter queue: inspect and redrive.`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      });
    }
    for (const target of props.functions) {
      const name = target.serviceName;
      alarm(`${name}Errors`, {
        ...atLeastOne,
        alarmName: resourceName(props.stage, `${name}-errors`),
        alarmDescription: `${name} invocations failed.`,
        metric: target.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
      alarm(`${name}Throttles`, {
        ...atLeastOne,
        alarmName: resourceName(props.stage, `${name}-throttles`),
        alarmDescription: `${name} invocations were throttled.`,
        metric: target.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
    }

    const webhookMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: props.deliver.serviceName },
        statistic: 'Sum',
        period: Duration.minutes(15),
      });
    const failureRate = new cloudwatch.MathExpression({
      label: 'Webhook failure rate (%)',
      expression: 'IF(delivered + failed > 0, 100 * failed / (delivered + failed), 0)',
      usingMetrics: { delivered: webhookMetric(webhookMetrics.delivered), failed: webhookMetric(webhookMetrics.failed) },
      period: Duration.minutes(15),
    });
    alarm('WebhookFailureRate', {
      alarmName: resourceName(props.stage, 'webhook-failure-rate'),
      alarmDescription: `More than ${webhookFailureRateThreshold}% of webhook attempts failed over 15 minutes.`,
      metric: failureRate,
      threshold: webhookFailureRateThreshold,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Operator notices (an endpoint disabled, a circuit opened) reach the alarm topic: the deliver Lambda
    // logs each as `operator.notice` with the subscription, the reason and the last error; a metric filter
    // counts them and any one raises the alarm, whose description says where the details are.
    new logs.MetricFilter(this, 'OperatorNotices', {
      logGroup: props.deliver.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'operator.notice'),
      metricNamespace: metricsNamespace,
      metricName: operatorNoticeMetric,
      metricValue: '1',
    });
    alarm('OperatorNotice', {
      ...atLeastOne,
      alarmName: resourceName(props.stage, 'operator-notice'),
      alarmDescription: `A webhook endpoint was disabled or its circuit opened: see "operator.notice" in ${props.deliver.logGroup.logGroupName} for the subscription, reason and last error.`,
      metric: new cloudwatch.Metric({ namespace: metricsNamespace, metricName: operatorNoticeMetric, statistic: 'Sum', period: Duration.minutes(5) }),
    });

    const t = alarmThresholds;
    const iteratorAge = props.publish.fn.metric('IteratorAge', { period: t.publishIteratorAge.period, statistic: 'Maximum' });
    alarm('PublishIteratorAge', {
      alarmName: resourceName(props.stage, 'publish-iterator-age'),
      alarmDescription: `The publish function is more than ${t.publishIteratorAge.maxAge.toHumanString()} behind the table stream: feeds and webhooks lag (stream records expire after 24 hours).`,
      metric: iteratorAge,
      threshold: t.publishIteratorAge.maxAge.toMilliseconds(),
      evaluationPeriods: t.publishIteratorAge.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No invocations, no datapoint: an idle stream is not behind.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const oldestDelivery = props.deliveriesQueue.metricApproximateAgeOfOldestMessage({ period: t.deliveriesOldestMessage.period, statistic: 'Maximum' });
    alarm('DeliveriesOldestMessage', {
      alarmName: resourceName(props.stage, 'deliveries-oldest-message'),
      alarmDescription: `A webhook delivery has waited more than ${t.deliveriesOldestMessage.maxAge.toHumanString()} in the deliveries queue: the deliver function is not keeping up (retries past their third receive do not count).`,
      metric: oldestDelivery,
      threshold: t.deliveriesOldestMessage.maxAge.toSeconds(),
      evaluationPeriods: t.deliveriesOldestMessage.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    if (props.pagesQueue) {
      alarm('PagesOldestMessage', {
        alarmName: resourceName(props.stage, 'pages-oldest-message'),
        alarmDescription: `A listing page (home, tag or publisher) has waited more than ${t.pagesOldestMessage.maxAge.toHumanString()} for the page pass: the pass fails or does not keep up, and those pages lag their feeds.`,
        metric: props.pagesQueue.metricApproximateAgeOfOldestMessage({ period: t.pagesOldestMessage.period, statistic: 'Maximum' }),
        threshold: t.pagesOldestMessage.maxAge.toSeconds(),
        evaluationPeriods: t.pagesOldestMessage.evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    // DynamoDB throttles: a provisioned table (the default, infra/table-capacity.ts) throttles above its capacity
    // until auto scaling catches up or at its maximum; on-demand tables too, on a hot partition or at the table's ceiling. The
    // SDK retries them, so callers rarely see one, but any means a partition is at its limit. The table's
    // own events exclude its indexes, so each index has its own pair; the stream's reads are GetRecords.
    const dynamoMetric = (metricName: string, dimensionsMap: Record<string, string>) =>
      new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap, statistic: 'Sum', period: t.dynamoThrottles.period });
    const throttleTargets: [string, string, Record<string, string>][] = [
      ['table', 'the table', { TableName: props.table.name }],
      ...props.table.globalSecondaryIndexes.map(
        (index): [string, string, Record<string, string>] => [`index-${index}`, `index ${index}`, { TableName: props.table.name, GlobalSecondaryIndexName: index }],
      ),
    ];
    for (const [suffix, what, dimensions] of throttleTargets) {
      for (const [kind, metricName] of [['read', 'ReadThrottleEvents'], ['write', 'WriteThrottleEvents']] as const) {
        alarm(`Dynamo${kind}Throttles${suffix}`, {
          ...atLeastOne,
          alarmName: resourceName(props.stage, `dynamodb-${suffix}-${kind}-throttles`),
          alarmDescription: `DynamoDB throttled ${kind}s on ${what}: a partition is at its limit (hot key) or the table at its capacity (its provisioned maximum, or the on-demand ceiling).`,
          metric: dynamoMetric(metricName, dimensions),
        });
      }
    }
    alarm('DynamoStreamThrottles', {
      ...atLeastOne,
      alarmName: resourceName(props.stage, 'dynamodb-stream-throttles'),
      alarmDescription: 'DynamoDB throttled GetRecords on the table stream: more readers than the stream allows (two per shard).',
      metric: dynamoMetric('ThrottledRequests', { TableName: props.table.name, Operation: 'GetRecords' }),
    });

    // The HTTP contract answers every bad request with a 4xx: any 5xx is ours (a crash, a timeout, a throttle).
    alarm('Api5xx', {
      ...atLeastOne,
      alarmName: resourceName(props.stage, 'api-5xx'),
      alarmDescription: 'The HTTP API answered 5xx: a function failed or timed out (the contract answers bad requests with 4xx).',
      metric: props.api.metricServerError({ period: t.api5xx.period, statistic: 'Sum' }),
    });

    // CloudFront publishes its metrics in us-east-1 only, and an alarm reads metrics of its own region.
    // Kept out of `alarms` (the dashboard's status widget), since it may not exist in this region.
    const cdnHere = cloudFrontMetricsHere(this);
    if (cdnHere !== false) {
      const cdn5xx = new cloudwatch.Alarm(this, 'Cdn5xxRate', {
        alarmName: resourceName(props.stage, 'cdn-5xx-rate'),
        alarmDescription: `More than ${t.cdn5xxRate.percent}% of feed and page requests to CloudFront failed with 5xx (origin or function errors).`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/CloudFront',
          metricName: '5xxErrorRate',
          dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
          statistic: 'Average',
          period: t.cdn5xxRate.period,
        }),
        threshold: t.cdn5xxRate.percent,
        evaluationPeriods: t.cdn5xxRate.evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      cdn5xx.addAlarmAction(action);
      if (cdnHere !== true) (cdn5xx.node.defaultChild as cloudwatch.CfnAlarm).cfnOptions.condition = cdnHere;
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: resourceName(props.stage, 'syndicate'),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Invocations',
            left: props.functions.map((f) => f.fn.metricInvocations({ label: f.serviceName })),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Errors and throttles',
            left: props.functions.map((f) => f.fn.metricErrors({ label: `${f.serviceName} errors` })),
            right: props.functions.map((f) => f.fn.metricThrottles({ label: `${f.serviceName} throttles` })),
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Duration p99',
            left: props.functions.map((f) => f.fn.metricDuration({ label: f.serviceName, statistic: 'p99' })),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Webhooks',
            left: [webhookMetric(webhookMetrics.delivered), webhookMetric(webhookMetrics.failed)],
            right: [failureRate],
            width: 12,
          }),
        ],
        [
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
          new cloudwatch.GraphWidget({
            title: 'Dead-letter queues',
            left: Object.entries(props.deadLetterQueues).map(([name, q]) =>
              q.metricApproximateNumberOfMessagesVisible({ label: name }),
            ),
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Lag: publish stream (ms), oldest delivery (s)',
            left: [iteratorAge],
            right: [oldestDelivery],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'API 5xx and DynamoDB throttles',
            left: [props.api.metricServerError({ statistic: 'Sum', label: 'API 5xx' })],
            right: throttleTargets.flatMap(([, what, dimensions]) =>
              ['ReadThrottleEvents', 'WriteThrottleEvents'].map((name) => dynamoMetric(name, dimensions).with({ label: `${what} ${name}` })),
            ),
            width: 12,
          }),
        ],
      ],
    });
  }
}
