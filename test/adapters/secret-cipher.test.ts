import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretReader } from '#adapters/admin-key.ts';
import { SecretCipher, secretCipherFromEnvironment } from '#adapters/secret-cipher.ts';
import { SecretValues } from '#commons/clients/secret-values.ts';
import { SignedRequests } from '#commons/clients/signed-requests.ts';

describe('webhook secret sealing (AES-256-GCM)', () => {
  const cipher = SecretCipher.fromKey(randomBytes(32));
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('round-trips, and never stores the secret in the clear or twice the same', () => {
    const a = cipher.encrypt(secret, 'sub_1');
    const b = cipher.encrypt(secret, 'sub_1');
    expect(cipher.decrypt(a, 'sub_1')).toBe(secret);
    expect(a).not.toBe(b);
    expect(a).not.toContain('MfKQ9r8G');
  });

  it('refuses a ciphertext moved to another subscription, tampered with, or sealed with another key', () => {
    const sealed = cipher.encrypt(secret, 'sub_1');
    expect(() => cipher.decrypt(sealed, 'sub_2')).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BA' : 'AA');
    expect(() => cipher.decrypt(tampered, 'sub_1')).toThrow();
    expect(() => SecretCipher.fromKey(randomBytes(32)).decrypt(sealed, 'sub_1')).toThrow();
  });
});

/**
 * Secrets Manager has no local emulator here, so a loopback server answers
 * its JSON protocol (`secretsmanager.GetSecretValue`) for the functions' own reader (secret-values.ts).
 */
describe('the webhook secrets key from the environment', () => {
  const generated = 'Kq3ZrT8vNw2YpL6xHb9mCd4FgJ7sVa1eUo5RiQkWtXyMnEzPhS0u'; // 52 random letters and digits
  const requests: Array<{ target: string | undefined; secretId: string }> = [];
  let failNext = false;
  let server: Server;
  let secrets: SecretReader;

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, secretId: SecretId });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (failNext) {
        failNext = false;
        res.writeHead(400).end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
        return;
      }
      res.end(JSON.stringify({ ARN: SecretId, Name: 'webhook-secrets-key', SecretString: generated, VersionId: 'v1' }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const values = new SecretValues(
      new SignedRequests({
        service: 'secretsmanager',
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
        maxAttempts: 1,
      }),
    );
    secrets = (arn) => values.getSecretString(arn);
  });
  afterAll(async () => new Promise<void>((done) => server.close(() => done())));

  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-secrets-key-AbCdEf';

  it('uses WEBHOOK_SECRETS_KEY (base64 of 32 bytes) when set, without asking Secrets Manager', async () => {
    const key = randomBytes(32);
    const fromEnv = await secretCipherFromEnvironment(secrets, { WEBHOOK_SECRETS_KEY: key.toString('base64'), WEBHOOK_SECRETS_KEY_SECRET_ARN: arn });
    expect(SecretCipher.fromKey(key).decrypt(fromEnv.encrypt('whsec_x', 's'), 's')).toBe('whsec_x');
    expect(requests).toEqual([]);
  });

  it('else fetches the secret named by WEBHOOK_SECRETS_KEY_SECRET_ARN; the same secret always opens what it sealed', async () => {
    const first = await secretCipherFromEnvironment(secrets, { WEBHOOK_SECRETS_KEY_SECRET_ARN: arn });
    const second = await secretCipherFromEnvironment(secrets, { WEBHOOK_SECRETS_KEY_SECRET_ARN: arn, SYNDICATE_ADMIN_KEY: 'another-admin-key-entirely' });
    expect(second.decrypt(first.encrypt('whsec_y', 'sub_1'), 'sub_1')).toBe('whsec_y');
    expect(requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', secretId: arn },
      { target: 'secretsmanager.GetSecretValue', secretId: arn },
    ]);
  });

  it('refuses to start with neither set, with a key too short, or when the secret cannot be read', async () => {
    await expect(secretCipherFromEnvironment(secrets, { SYNDICATE_ADMIN_KEY: 'an-admin-key-of-decent-length' })).rejects.toThrow(
      'neither WEBHOOK_SECRETS_KEY nor WEBHOOK_SECRETS_KEY_SECRET_ARN is set',
    );
    const short = secretCipherFromEnvironment(secrets, { WEBHOOK_SECRETS_KEY: 'c2hvcnQ=' });
    await expect(short).rejects.toThrow(/WEBHOOK_SECRETS_KEY is too short/);
    await expect(short).rejects.not.toThrow(/c2hvcnQ/);
    failNext = true;
    await expect(secretCipherFromEnvironment(secrets, { WEBHOOK_SECRETS_KEY_SECRET_ARN: arn })).rejects.toThrow(/no such secret/);
  });
});
