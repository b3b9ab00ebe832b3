/**
 * The Secrets Manager client, one per container. The webhook functions read
 * their secrets key at start, so they import this module statically. Ingest
 * does not use it: it reads the admin key's secret with one signed request
 * (secret-values.ts), which keeps the client's 29 KB out of its bundle.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from '#adapters/admin-key.ts';
import { lazy } from './lazy.ts';

export const secretsManagerClient = lazy(() => new SecretsManagerClient({}));

/** Reads a secret's string value through `client` (the container's own unless one is handed over). */
export function secretStringReader(client: () => SecretsManagerClient | Promise<SecretsManagerClient> = secretsManagerClient): SecretReader {
  return async (arn) => (await (await client()).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
}
