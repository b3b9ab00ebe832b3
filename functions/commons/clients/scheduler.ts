/**
 * The EventBridge Scheduler client, one per container. Only an embargoed
 * article needs it, so ingest imports this module at first use
 * (`await import(...)`) rather than at start-up.
 */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { lazy } from './lazy.ts';

export const schedulerClient = lazy(() => new SchedulerClient({}));
