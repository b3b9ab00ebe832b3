/**
 * The DynamoDB document client, one per container: our signed JSON requests (dynamo-documents.ts says
 * why not the SDK's client). Endpoint from the SDK's own `AWS_ENDPOINT_URL_DYNAMODB` (DynamoDB Local);
 * unset on AWS.
 */
import { DynamoDocuments } from './dynamo-documents.ts';
import { lazy } from './lazy.ts';
import { endpointFromEnvironment, regionFromEnvironment } from './signed-requests.ts';

/** What every handler and adapter sends its commands through (and what tests and the cost meter intercept). */
export const documentClient = lazy(() => new DynamoDocuments({ region: regionFromEnvironment(), ...endpointFromEnvironment('DYNAMODB') }));
