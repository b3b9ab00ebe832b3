/**
 * The queues of the stack, built in the local SQS emulator with the same
 * names and redrive settings as infra/constructs/deliveries.ts:
 * - deliveries: visibility six times the deliver timeout, 14 days retention,
 *   DLQ after every receive the retry schedule needs plus headroom for crashes;
 * - the publish function's on-failure destination for stream batches it gave up on.
 */
import { queues, resourceName } from '#infra/definitions.ts';
import { functionTimeouts } from './functions.ts';
import type { QueueDefinition } from './sqs/broker.ts';

const maxVisibilitySeconds = 43_200;
const maxJitterRatio = 0.2;
const crashHeadroom = 4;
const fourteenDays = 14 * 24 * 3600;

/** Receives one delivery may need over the schedule (delays over 12 h take several). Same rule as the stack. */
export function receivesForSchedule(delays: readonly number[]): number {
  return 1 + delays.reduce((sum, delay) => sum + Math.ceil((delay * (1 + maxJitterRatio)) / maxVisibilitySeconds), 0);
}

export function parseSchedule(schedule: string): number[] {
  const delays = schedule.split(',').map((s) => Number(s.trim()));
  if (delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new Error(`WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds, got "${schedule}"`);
  }
  return delays;
}

export interface LocalQueueNames {
  deliveries: string;
  deliveriesDlq: string;
  publishDlq: string;
}

export const localQueueNames = (stage: string): LocalQueueNames => ({
  deliveries: resourceName(stage, queues.deliveries.logicalName),
  deliveriesDlq: resourceName(stage, queues.deliveriesDlq.logicalName),
  publishDlq: resourceName(stage, 'PublishDlq'),
});

export function localQueueDefinitions(stage: string, retrySchedule: readonly number[]): QueueDefinition[] {
  const names = localQueueNames(stage);
  return [
    { name: names.deliveriesDlq, messageRetentionSeconds: fourteenDays },
    { name: names.publishDlq, messageRetentionSeconds: fourteenDays },
    {
      name: names.deliveries,
      visibilityTimeoutSeconds: functionTimeouts.deliver * 6,
      messageRetentionSeconds: fourteenDays,
      redrive: { deadLetterQueueName: names.deliveriesDlq, maxReceiveCount: receivesForSchedule(retrySchedule) + crashHeadroom },
    },
  ];
}
