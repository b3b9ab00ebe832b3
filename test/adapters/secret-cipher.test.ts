import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher, secretCipherFromEnv } from '#adapters/secret-cipher.ts';

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

  it('uses a dedicated key when configured, else one derived from the admin key', () => {
    const derived = secretCipherFromEnv({}, 'an-admin-key-of-decent-length');
    expect(derived.keyId).toBe('admin-hkdf-v1');
    expect(secretCipherFromEnv({}, 'an-admin-key-of-decent-length').decrypt(derived.encrypt(secret, 's'), 's')).toBe(secret);
    expect(secretCipherFromEnv({ WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64') }, undefined).keyId).toBe('dedicated-v1');
    expect(() => secretCipherFromEnv({}, undefined)).toThrow(/WEBHOOK_SECRETS_KEY/);
  });
});
