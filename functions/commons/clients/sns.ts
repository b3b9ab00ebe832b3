/**
 * The SNS client, one per container: deliver publishes operator notices to
 * the alarm topic with it. Unused locally (no topic there).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { lazy } from './lazy.ts';

export const snsClient = lazy(() => new SNSClient({}));
