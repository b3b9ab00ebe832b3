import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queues, resourceName } from '#infra/definitions.ts';

/**
 * Delays (seconds) between webhook attempts on AWS: exponential with jitter over three days,
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. Passed to the deliver Lambda as
 * `WEBHOOK_RETRY_SCHEDULE`, so the queue below is sized from the very numbers the handler uses.
 */
export const deployedRetrySchedule: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];

/** SQS refuses visibility timeouts above 12 hours. */
export const maxVisibilitySeconds = 43_200;
/** Upper bound of the jitter the retry policy adds to a delay (+20 %). */
export const maxJitterRatio = 0.2;
/** Receives that are not attempts: a Lambda crash or timeout before the handler set the visibility. */
export const crashHeadroom = 4;

/**
 * How many times SQS may hand one delivery to the deliver Lambda over the whole schedule. A delay
 * longer than 12 h cannot be one visibility timeout: the handler receives the message early, sees
 * it is not due and hides it again, so such a delay costs ceil(delay / 12 h) receives. The first
 * attempt is one more receive.
 */
export function receivesForSchedule(delays: readonly number[], jitter = maxJitterRatio): number {
  return 1 + delays.reduce((sum, delay) => sum + Math.ceil((delay * (1 + jitter)) / maxVisibilitySeconds), 0);
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
 * - maxReceiveCount: every receive the schedule needs (see `receivesForSchedule`: 14 for the
 *   deployed schedule) plus headroom for crashes, so only a delivery that exhausted its schedule,
 *   or a poison message, reaches the DLQ.
 * - visibility: six times the consumer's timeout, as Lambda advises for SQS sources; the handler sets
 *   each failed message's own visibility to its next backoff.
 * - retention 14 days (the SQS maximum) on both, well beyond the ~3.8 days the schedule spans with
 *   jitter, so a delivery never expires mid-schedule and the DLQ leaves two weeks to redrive.
 */
export class Deliveries extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
  readonly retrySchedule: readonly number[];
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: DeliveriesProps) {
    super(scope, id);
    this.retrySchedule = props.retrySchedule ?? deployedRetrySchedule;
    this.maxReceiveCount = receivesForSchedule(this.retrySchedule) + crashHeadroom;
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
