/**
 * The SQS client, one per container. Endpoint from the SDK's own
 * `AWS_ENDPOINT_URL_SQS` (the local runtime's queue); unset on AWS.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { lazy } from './lazy.ts';

export const sqsClient = lazy(() => new SQSClient({}));
