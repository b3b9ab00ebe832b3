/**
 * The Secrets Manager client, one per container. The webhook functions read
 * their secrets key at start, so they import this module statically; ingest
 * reads the admin key's secret only on a container's first admin request and
 * imports it at first use (`await import(...)`).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazy } from './lazy.ts';

export const secretsManagerClient = lazy(() => new SecretsManagerClient({}));
