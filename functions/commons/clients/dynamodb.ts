/**
 * The DynamoDB clients, one per container. Endpoint from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` (DynamoDB Local); unset on AWS.
 *
 * One module per client (as Powertools' examples do) so a handler bundles only
 * the SDK clients it imports.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lazy } from './lazy.ts';

/** The low-level client: for table administration and for fault-injection middleware in tests. */
export const dynamoDbClient = lazy(() => new DynamoDBClient({}));

/**
 * Marshals plain JS objects. `removeUndefinedValues` because optional Article
 * fields are absent, not null; `convertClassInstanceToMap` is left off on purpose.
 */
export const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
