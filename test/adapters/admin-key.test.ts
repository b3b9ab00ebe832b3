import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { adminKeyFromEnvironment } from '#adapters/admin-key.ts';
import { secretStringReader } from '#commons/clients/secrets-manager.ts';
import { env } from '#infra/definitions.ts';
import { startAwsApiStandIn, standInClientConfig } from './aws-api-stand-in.ts';

const api = await startAwsApiStandIn();
const secretArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:syndicate-admin-key-AbCdEf';
let clientsBuilt = 0;
/** Builds its client on the first read, as ingest's reader loads the SDK on its first admin request. */
const secrets = secretStringReader(async () => {
  clientsBuilt += 1;
  return new SecretsManagerClient(standInClientConfig(api.endpoint));
});

afterAll(() => api.close());
afterEach(() => {
  delete process.env[env.adminKey];
  delete process.env[env.adminKeySecretArn];
  api.requests.length = 0;
  clientsBuilt = 0;
});

describe('the admin key', () => {
  it('is SYNDICATE_ADMIN_KEY when set, without touching Secrets Manager', async () => {
    process.env[env.adminKey] = 'local-admin-key';
    process.env[env.adminKeySecretArn] = secretArn;
    expect(await adminKeyFromEnvironment(secrets)()).toBe('local-admin-key');
    expect(clientsBuilt).toBe(0);
  });

  it('is absent when neither the key nor a secret is configured', async () => {
    expect(await adminKeyFromEnvironment(secrets)()).toBeUndefined();
    expect(clientsBuilt).toBe(0);
  });

  it('is read from the secret once per container, trimmed', async () => {
    process.env[env.adminKeySecretArn] = secretArn;
    api.answer({ status: 200, body: { ARN: secretArn, SecretString: '  secret-admin-key\n' } });
    const adminKey = adminKeyFromEnvironment(secrets);
    expect(await Promise.all([adminKey(), adminKey()])).toEqual(['secret-admin-key', 'secret-admin-key']);
    expect(await adminKey()).toBe('secret-admin-key');
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(api.requests[0]!.body).toEqual({ SecretId: secretArn });
  });

  it('is read the same way from a client handed over already built', async () => {
    process.env[env.adminKeySecretArn] = secretArn;
    api.answer({ status: 200, body: { SecretString: 'secret-admin-key' } });
    const built = new SecretsManagerClient(standInClientConfig(api.endpoint));
    expect(await adminKeyFromEnvironment(secretStringReader(() => built))()).toBe('secret-admin-key');
  });

  it('is read again after a failure, so a transient error does not lock the admin out', async () => {
    process.env[env.adminKeySecretArn] = secretArn;
    api.answer(
      { status: 500, headers: { 'x-amzn-errortype': 'InternalServiceError' }, body: { message: 'try later' } },
      { status: 200, body: { SecretString: 'secret-admin-key' } },
    );
    const adminKey = adminKeyFromEnvironment(secrets);
    await expect(adminKey()).rejects.toMatchObject({ name: 'InternalServiceError' });
    expect(await adminKey()).toBe('secret-admin-key');
  });
});
