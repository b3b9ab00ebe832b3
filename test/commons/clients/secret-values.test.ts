/**
 * Secrets Manager's GetSecretValue as a signed request, against a loopback stand-in (there is no
 * local Secrets Manager): the request is the API's own (target header, JSON body, SigV4 for
 * `secretsmanager`), the string value comes back, and a refusal arrives with its code.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SecretValues } from '#commons/clients/secret-values.ts';
import { AwsCallFailed, SignedRequests } from '#commons/clients/signed-requests.ts';
import { startAwsApiStandIn } from '../../adapters/aws-api-stand-in.ts';

const api = await startAwsApiStandIn();
afterAll(() => api.close());
const secrets = new SecretValues(
  new SignedRequests({ service: 'secretsmanager', region: 'eu-west-1', endpoint: api.endpoint, maxAttempts: 1, credentials: async () => ({ accessKeyId: 'test', secretAccessKey: 'test' }) }),
);
const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:syndicate-admin-key-AbCdEf';

describe('secret values read with a signed request', () => {
  it('sends GetSecretValue as the API defines it and answers the string value', async () => {
    api.answer({ status: 200, body: { ARN: arn, Name: 'syndicate-admin-key', SecretString: 'the-key', VersionStages: ['AWSCURRENT'] } });
    expect(await secrets.getSecretString(arn)).toBe('the-key');
    const [request] = api.requests.splice(0);
    expect(request).toMatchObject({ method: 'POST', path: '/', body: { SecretId: arn } });
    expect(request!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, /);
  });

  it('answers undefined for a binary secret', async () => {
    api.answer({ status: 200, body: { ARN: arn, SecretBinary: 'AAEC' } });
    expect(await secrets.getSecretString(arn)).toBeUndefined();
  });

  it('names the refusal', async () => {
    api.answer({ status: 400, body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." } });
    const refused = await secrets.getSecretString(arn).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AwsCallFailed);
    expect(refused).toMatchObject({ operation: 'GetSecretValue', code: 'ResourceNotFoundException', status: 400 });
  });
});
