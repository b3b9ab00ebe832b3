import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adminKeyFromEnvironment, type SecretReader } from '#adapters/admin-key.ts';
import { SecretValues } from '#commons/clients/secret-values.ts';
import { SignedRequests } from '#commons/clients/signed-requests.ts';
import { env } from '#infra/definitions.ts';
import { startAwsApiStandIn } from './aws-api-stand-in.ts';

const api = await startAwsApiStandIn();
const secretArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:syndicate-admin-key-AbCdEf';
let reads = 0;
/** The functions' reader (secret-values.ts: one signed request) on the stand-in, without retries; counts its reads. */
const values = new SecretValues(
  new SignedRequests({ service: 'secretsmanager', region: 'eu-west-1', endpoint: api.endpoint, maxAttempts: 1, credentials: async () => ({ accessKeyId: 'test', secretAccessKey: 'test' }) }),
);
const secrets: SecretReader = (arn) => {
  reads += 1;
  return values.getSecretString(arn);
};

afterAll(() => api.close());
afterEach(() => {
  delete process.env[env.adminKey];
  delete process.env[env.adminKeySecretArn];
  api.requests.length = 0;
  reads = 0;
});

describe('the admin key', () => {
  it('is SYNDICATE_ADMIN_KEY when set, without touching Secrets Manager', async () => {
    process.env[env.adminKey] = 'local-admin-key';
    process.env[env.adminKeySecretArn] = secretArn;
    expect(await adminKeyFromEnvironment(secrets)()).toBe('local-admin-key');
    expect(reads).toBe(0);
  });

  it('is absent when neither the key nor a secret is configured', async () => {
    expect(await adminKeyFromEnvironment(secrets)()).toBeUndefined();
    expect(reads).toBe(0);
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

  it('is read again after a failure, so a transient error does not lock the admin out', async () => {
    process.env[env.adminKeySecretArn] = secretArn;
    api.answer(
      { status: 500, headers: { 'x-amzn-errortype': 'InternalServiceError' }, body: { message: 'try later' } },
      { status: 200, body: { SecretString: 'secret-admin-key' } },
    );
    const adminKey = adminKeyFromEnvironment(secrets);
    await expect(adminKey()).rejects.toMatchObject({ code: 'InternalServiceError', status: 500 });
    expect(await adminKey()).toBe('secret-admin-key');
  });
});
