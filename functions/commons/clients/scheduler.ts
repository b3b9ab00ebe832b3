/**
 * The EventBridge Scheduler client, one per container, loaded on first use:
 * only an embargoed article needs it, so most containers never evaluate the
 * client's module at start-up. Callers load the commands the same way
 * (`await import('@aws-sdk/client-scheduler')`).
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { lazy } from './lazy.ts';

export const schedulerClient: () => Promise<SchedulerClient> = lazy(async () => {
  const { SchedulerClient } = await import('@aws-sdk/client-scheduler');
  return new SchedulerClient({});
});
