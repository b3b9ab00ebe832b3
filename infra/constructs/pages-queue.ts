import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueRetentionDays, queues, resourceName } from '#infra/definitions.ts';

export interface PagesQueueProps {
  readonly stage: string;
  readonly key: kms.IKey;
  /** The consumer's timeout (the page pass runs in publish); the queue's visibility must exceed it. */
  readonly consumerTimeout: Duration;
}

/**
 * The pages queue: publish's one message per batch naming the feeds whose listing pages are due, read by
 * the page pass (functions/publish/page-pass.ts) through an event source that gathers a minute of them.
 * - visibility: six times the consumer's timeout, as Lambda advises for SQS sources (a batch is received
 *   when the window opens, so the window's minute is part of that time too: 720 s leaves room for both);
 * - a message that keeps failing (leases held, S3 refusing) moves to the DLQ after
 *   `queues.pages.maxReceiveCount` receives, an hour at that visibility; the DLQ's alarm tells the
 *   operator, and a redrive renders the pages from the index as it is then, so nothing is lost;
 * - retention 14 days on both, encrypted with the queues' key, TLS only.
 */
export class PagesQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: PagesQueueProps) {
    super(scope, id);
    const shared = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: Duration.days(queueRetentionDays),
    };
    this.dlq = new sqs.Queue(this, 'Dlq', { ...shared, queueName: resourceName(props.stage, queues.pagesDlq.logicalName), removalPolicy: RemovalPolicy.DESTROY });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...shared,
      queueName: resourceName(props.stage, queues.pages.logicalName),
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * queues.pages.visibilityTimeoutFactor),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: queues.pages.maxReceiveCount },
    });
  }
}
