import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deliveriesMaxReceiveCount, deployedRetrySchedule } from '#infra/deliveries-redrive.ts';
import { queueRetentionDays, queues, resourceName } from '#infra/definitions.ts';

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
 *   (longest jittered and throttled delays: 20 for the deployed schedule) plus a crash headroom of
 *   10, 30 in all (infra/deliveries-redrive.ts, shared with the local runtime).
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
    this.maxReceiveCount = deliveriesMaxReceiveCount(this.retrySchedule);
    const retention = Duration.days(queueRetentionDays);

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
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * queues.deliveries.visibilityTimeoutFactor),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: this.maxReceiveCount },
    });
  }
}
