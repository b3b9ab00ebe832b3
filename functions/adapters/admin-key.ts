/**
 * Where the admin key comes from: `SYNDICATE_ADMIN_KEY` locally, the Secrets
 * Manager secret named by `ADMIN_KEY_SECRET_ARN` on AWS (fetched once per
 * container, then cached). Neither set: no admin key, every admin call is 401.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '#infra/definitions.ts';
import type { AdminKeySource } from './auth.ts';

export function adminKeyFromEnvironment(secrets: () => SecretsManagerClient): AdminKeySource {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    const local = process.env[env.adminKey];
    if (local) return Promise.resolve(local);
    const arn = process.env[env.adminKeySecretArn];
    if (!arn) return Promise.resolve(undefined);
    cached ??= secrets()
      .send(new GetSecretValueCommand({ SecretId: arn }))
      .then((result) => result.SecretString?.trim() || undefined)
      .catch((error: unknown) => {
        cached = undefined; // a transient failure must not lock the admin out for the container's life
        throw error;
      });
    return cached;
  };
}
