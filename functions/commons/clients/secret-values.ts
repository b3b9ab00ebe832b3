/**
 * Secrets Manager's GetSecretValue as one signed request (signed-requests.ts says why not the SDK
 * client: 29 KB of ingest's bundle for this one call; 13 KB of subscriptions' and deliver's, and its
 * construction at their cold start). Endpoint from the SDK's own `AWS_ENDPOINT_URL_SECRETS_MANAGER`;
 * unset on AWS. Every function reads its secrets this way: the admin key, the webhook secrets key.
 */
import type { SecretReader } from '#adapters/admin-key.ts';
import { lazy } from './lazy.ts';
import { endpointFromEnvironment, jsonErrorOf, regionFromEnvironment, SignedRequests } from './signed-requests.ts';

export class SecretValues {
  constructor(private readonly requests: SignedRequests) {}

  /** The secret's current string value (`AWSCURRENT`); undefined for a binary secret. */
  async getSecretString(secretId: string): Promise<string | undefined> {
    const { body } = await this.requests.sendJson('GetSecretValue', 'secretsmanager', { SecretId: secretId }, jsonErrorOf, '1.1');
    const value = (JSON.parse(Buffer.from(body).toString('utf8')) as { SecretString?: unknown }).SecretString;
    return typeof value === 'string' ? value : undefined;
  }
}

/** One per container, from the environment the SDK clients read. */
export const secretValues = lazy(
  () => new SecretValues(new SignedRequests({ service: 'secretsmanager', region: regionFromEnvironment(), ...endpointFromEnvironment('SECRETS_MANAGER') })),
);

/** A secret's string value by ARN through the container's reader, built at the first read. */
export const readSecretString: SecretReader = (arn) => secretValues().getSecretString(arn);
