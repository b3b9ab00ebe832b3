import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceName } from '#infra/definitions.ts';
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
}

/**
 * Alarms into one encrypted SNS topic (subscribe an address or a pager to it) and one dashboard:
 * any message in a DLQ, any function error or throttle, and a webhook failure rate above the
 * threshold while there is traffic (a rate over nothing is not an incident).
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
      ],
    });
  }
}
