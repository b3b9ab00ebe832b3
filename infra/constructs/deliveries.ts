import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_RETRY_SCHEDULE, defaultRetryPolicy, scheduledDelay, throttledDelay, type RetryPolicy } from '#core/webhooks/retry-policy.ts';
import { queues, resourceName } from '#infra/definitions.ts';

/**
 * Delays (seconds) between webhook attempts on AWS: the webhook core's default, exponential over
 * three days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h). Passed to the deliver Lambda as
 * `WEBHOOK_RETRY_SCHEDULE`, so the queue below is sized from the very numbers the handler uses.
 */
export const deployedRetrySchedule: readonly number[] = DEFAULT_RETRY_SCHEDULE;

/** SQS refuses visibility timeouts above 12 hours. */
export const maxVisibilitySeconds = 43_200;
/**
 * Receives that are not attempts: a Lambda crash or timeout, or an unexpected error (a DynamoDB
 * throttle, say), before the handler set the message's visibility. Each costs one receive and six
 * minutes; ten of them lets a brief outage pass over a delivery without parking it.
 */
export const crashHeadroom = 10;

/**
 * The longest wait the deliver Lambda can choose after each failed attempt, computed with the webhook
 * core's own functions: full jitter, then a throttling answer whose `Retry-After` asks for more than
 * the policy grants (the policy caps it, today at twice the scheduled delay).
 */
export function longestDelays(policy: RetryPolicy): number[] {
  return policy.schedule.map((_, index) => {
    const scheduled = scheduledDelay(policy, index + 1, 1) ?? 0; // random is drawn from [0, 1): 1 bounds it
    return Math.max(scheduled, throttledDelay(policy, scheduled, Number.POSITIVE_INFINITY));
  });
}

/**
 * How many times SQS may hand one delivery to the deliver Lambda over `delays`. A delay longer than
 * 12 h cannot be one visibility timeout: the handler receives the message early, sees it is not due
 * and hides it again, so such a delay costs ceil(delay / 12 h) receives. The first attempt is one more.
 */
export function receivesFor(delays: readonly number[]): number {
  return 1 + delays.reduce((sum, delay) => sum + Math.ceil(delay / maxVisibilitySeconds), 0);
}

export interface DeliveriesProps {
  readonly stage: string;
  readonly key: kms.IKey;
  /** The deliver Lambda's timeout; the queue's default visibility must exceed it. */
  readonly consumerTimeout: Duration;
  readonly retrySchedule?: readonly number[];
}

/**
 * The deliveries queue (one message per subscription × event) and its dead-letter queue.
 * - Dead-lettering is the deliver Lambda's job: after the last attempt it marks the delivery failed in
 *   the log and sends the message to the DLQ itself. The queue's own redrive (`maxReceiveCount`) is
 *   only the backstop for a message the handler cannot get through (a crash loop), so it must never
 *   fire first on a delivery still in its schedule: it counts every receive the worst case needs
 *   (longest jittered and throttled delays, see `longestDelays`: 20 for the deployed schedule) plus
 *   `crashHeadroom`, 30 in all.
 * - visibility: six times the consumer's timeout, as Lambda advises for SQS sources; the handler sets
 *   each failed message's own visibility to its next backoff.
 * - retention 14 days (the SQS maximum) on both: beyond the worst-case span of the schedule (about
 *   7.6 days when every answer is a throttle; a five-day failure streak disables the endpoint sooner),
 *   so a delivery never expires mid-schedule. The handler's dead letters are new messages with two
 *   weeks to redrive; one moved by the redrive policy keeps its first enqueue time.
 */
export class Deliveries extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly retrySchedule: readonly number[];
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: DeliveriesProps) {
    super(scope, id);
    this.retrySchedule = props.retrySchedule ?? deployedRetrySchedule;
    this.maxReceiveCount = receivesFor(longestDelays({ ...defaultRetryPolicy, schedule: this.retrySchedule })) + crashHeadroom;
    const retention = Duration.days(14);

    this.dlq = new sqs.Queue(this, 'Dlq', {
      queueName: resourceName(props.stage, queues.deliveriesDlq.logicalName),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: resourceName(props.stage, queues.deliveries.logicalName),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: retention,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: this.maxReceiveCount },
    });
  }
}
