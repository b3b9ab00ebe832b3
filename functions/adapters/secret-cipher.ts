/**
 * Webhook signing secrets at rest: AES-256-GCM, so a table export or a stolen
 * backup reveals no secret and a tampered ciphertext fails to open. The
 * subscription id is bound as associated data, so a ciphertext copied onto
 * another subscription does not decrypt either.
 *
 * Key choice: `WEBHOOK_SECRETS_KEY` (32 bytes, base64) when set; otherwise a
 * key derived with HKDF-SHA256 from the admin key (Secrets Manager on AWS,
 * `SYNDICATE_ADMIN_KEY` locally), so a deployment needs no extra secret.
 * Ciphertexts carry a key id, so moving to a dedicated key later is a
 * re-encryption, not a guess; rotating the admin key without a dedicated key
 * set makes stored secrets unreadable (rotate the webhook secrets after it).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretCipher {
  private constructor(
    private readonly key: Buffer,
    readonly keyId: string,
  ) {}

  static fromKey(key: Buffer, keyId = 'k1'): SecretCipher {
    if (key.length !== 32) throw new RangeError('the webhook secrets key must be 32 bytes');
    return new SecretCipher(key, keyId);
  }

  static derivedFromAdminKey(adminKey: string): SecretCipher {
    if (adminKey.length < 16) throw new RangeError('the admin key is too short to derive an encryption key from');
    const key = Buffer.from(hkdfSync('sha256', adminKey, 'syndicate', 'webhook-secrets/v1', 32));
    return new SecretCipher(key, 'admin-hkdf-v1');
  }

  /** `{keyId}.{iv}.{ciphertext+tag}` in base64url. */
  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [this.keyId, iv.toString('base64url'), sealed.toString('base64url')].join('.');
  }

  decrypt(sealedText: string, boundTo: string): string {
    const [keyId, ivText, sealedPart] = sealedText.split('.');
    if (keyId !== this.keyId || !ivText || !sealedPart) throw new Error(`secret was sealed with key ${keyId}, not ${this.keyId}`);
    const sealed = Buffer.from(sealedPart, 'base64url');
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** The cipher from the environment, per the key choice above. */
export function secretCipherFromEnv(env: NodeJS.ProcessEnv, adminKey: string | undefined): SecretCipher {
  const dedicated = env.WEBHOOK_SECRETS_KEY;
  if (dedicated) return SecretCipher.fromKey(Buffer.from(dedicated, 'base64'), 'dedicated-v1');
  if (!adminKey) throw new Error('no WEBHOOK_SECRETS_KEY and no admin key: cannot protect webhook secrets');
  return SecretCipher.derivedFromAdminKey(adminKey);
}
