/**
 * Where the admin key comes from: `SYNDICATE_ADMIN_KEY` locally, the Secrets
 * Manager secret named by `ADMIN_KEY_SECRET_ARN` on AWS (fetched once per
 * container, then cached). Neither set: no admin key, every admin call is 401.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '#infra/definitions.ts';
import type { AdminKeySource } from './auth.ts';

/** `secrets` may load the client lazily (ingest) or hand over one already built (the subscriptions function). */
export function adminKeyFromEnvironment(secrets: () => SecretsManagerClient | Promise<SecretsManagerClient>): AdminKeySource {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    const local = process.env[env.adminKey];
    if (local) return Promise.resolve(local);
    const arn = process.env[env.adminKeySecretArn];
    if (!arn) return Promise.resolve(undefined);
    cached ??= readSecret(secrets, arn)
      .catch((error: unknown) => {
        cached = undefined; // a transient failure must not lock the admin out for the container's life
        throw error;
      });
    return cached;
  };
}

/** The SDK module is loaded here, on the first read, rather than when the container starts. */
async function readSecret(secrets: () => SecretsManagerClient | Promise<SecretsManagerClient>, arn: string): Promise<string | undefined> {
  const [client, { GetSecretValueCommand }] = await Promise.all([secrets(), import('@aws-sdk/client-secrets-manager')]);
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  return result.SecretString?.trim() || undefined;
}
