/**
 * The queues of the stack, built in the local SQS emulator from the same
 * definitions as infra/constructs/deliveries.ts and the stateless stack:
 * - deliveries: visibility a multiple of the deliver timeout, 14 days retention,
 *   DLQ after the receives the retry schedule needs (infra/deliveries-redrive.ts);
 * - the publish function's on-failure destination for stream batches it gave up on;
 * - the pages queue (feeds whose listing pages are due, read by the page pass) and its DLQ
 *   (infra/constructs/pages-queue.ts).
 */
import { queueRetentionDays, queues, resourceName } from '#infra/definitions.ts';
import { deliveriesMaxReceiveCount } from '#infra/deliveries-redrive.ts';
import { functionTimeouts } from './functions.ts';
import type { QueueDefinition } from './sqs/broker.ts';

const retentionSeconds = queueRetentionDays * 24 * 3600;

export interface LocalQueueNames {
  deliveries: string;
  deliveriesDlq: string;
  publishDlq: string;
  pages: string;
  pagesDlq: string;
}

export const localQueueNames = (stage: string): LocalQueueNames => ({
  deliveries: resourceName(stage, queues.deliveries.logicalName),
  deliveriesDlq: resourceName(stage, queues.deliveriesDlq.logicalName),
  publishDlq: resourceName(stage, queues.publishDlq.logicalName),
  pages: resourceName(stage, queues.pages.logicalName),
  pagesDlq: resourceName(stage, queues.pagesDlq.logicalName),
});

export function localQueueDefinitions(stage: string, retrySchedule: readonly number[]): QueueDefinition[] {
  const names = localQueueNames(stage);
  return [
    { name: names.deliveriesDlq, messageRetentionSeconds: retentionSeconds },
    { name: names.publishDlq, messageRetentionSeconds: retentionSeconds },
    { name: names.pagesDlq, messageRetentionSeconds: retentionSeconds },
    {
      name: names.pages,
      visibilityTimeoutSeconds: functionTimeouts.publish * queues.pages.visibilityTimeoutFactor,
      messageRetentionSeconds: retentionSeconds,
      redrive: { deadLetterQueueName: names.pagesDlq, maxReceiveCount: queues.pages.maxReceiveCount },
    },
    {
      name: names.deliveries,
      visibilityTimeoutSeconds: functionTimeouts.deliver * queues.deliveries.visibilityTimeoutFactor,
      messageRetentionSeconds: retentionSeconds,
      redrive: { deadLetterQueueName: names.deliveriesDlq, maxReceiveCount: deliveriesMaxReceiveCount(retrySchedule) },
    },
  ];
}
