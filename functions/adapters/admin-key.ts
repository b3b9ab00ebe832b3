/**
 * Where the admin key comes from: `SYNDICATE_ADMIN_KEY` locally, the Secrets
 * Manager secret named by `ADMIN_KEY_SECRET_ARN` on AWS (fetched once per
 * container, then cached). Neither set: no admin key, every admin call is 401.
 */
import { env } from '#infra/definitions.ts';
import type { AdminKeySource } from './auth.ts';

/**
 * A secret's string value by ARN (`readSecretString` in #commons/clients/secret-values.ts: one signed
 * request, no Secrets Manager client in any bundle). This module must not `import()` the SDK itself: in a one-file
 * bundle a dynamic import makes esbuild wrap the imported module and everything it reaches (the whole
 * shared SDK core) in lazy initialisers, which V8 parses twice at start; that was 24 KB and about
 * 17 ms of the subscriptions function's cold import (BENCHMARKS.md, bundles).
 */
export type SecretReader = (arn: string) => Promise<string | undefined>;

export function adminKeyFromEnvironment(readSecret: SecretReader): AdminKeySource {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    const local = process.env[env.adminKey];
    if (local) return Promise.resolve(local);
    const arn = process.env[env.adminKeySecretArn];
    if (!arn) return Promise.resolve(undefined);
    cached ??= readSecret(arn)
      .then((value) => value?.trim() || undefined)
      .catch((error: unknown) => {
        cached = undefined; // a transient failure must not lock the admin out for the container's life
        throw error;
      });
    return cached;
  };
}
