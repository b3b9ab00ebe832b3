/**
 * The Secrets Manager client, one per container, loaded on first use: only the
 * first admin request of a container on AWS reads the admin key's secret, so no
 * publisher request pays for evaluating this client's module at start-up.
 * Callers load the commands the same way (`await import('@aws-sdk/client-secrets-manager')`).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazy } from './lazy.ts';

export const secretsManagerClient: () => Promise<SecretsManagerClient> = lazy(async () => {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return new SecretsManagerClient({});
});
