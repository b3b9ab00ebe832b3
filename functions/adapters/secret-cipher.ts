/**
 * Webhook signing secrets at rest: AES-256-GCM, so a table export or a stolen
 * backup reveals no secret and a tampered ciphertext fails to open. The
 * subscription id is bound as associated data, so a ciphertext copied onto
 * another subscription does not decrypt either.
 *
 * The key is dedicated to this one job: `WEBHOOK_SECRETS_KEY` locally, the
 * Secrets Manager secret named by `WEBHOOK_SECRETS_KEY_SECRET_ARN` on AWS
 * (fetched once per container). It is deliberately not derived from the admin
 * key: rotating the admin key must not make every stored secret unreadable.
 * With neither set the functions refuse to start.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env as names } from '#infra/definitions.ts';
import type { SecretReader } from './admin-key.ts';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = 'dedicated-v1';

export class SecretCipher {
  private constructor(
    private readonly key: Buffer,
    readonly keyId: string,
  ) {}

  static fromKey(key: Buffer, keyId = KEY_ID): SecretCipher {
    if (key.length !== 32) throw new RangeError('the webhook secrets key must be 32 bytes');
    return new SecretCipher(key, keyId);
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

export class SecretsKeyMissing extends Error {
  override readonly name = 'SecretsKeyMissing';
}

/**
 * The key from its configured text: base64 of exactly 32 bytes (`openssl rand
 * -base64 32`), or a random string of at least 32 characters (what Secrets
 * Manager's `generateSecretString` produces), stretched to 32 bytes with HKDF.
 * The value itself never appears in an error.
 */
export function keyFromText(text: string, source: string): Buffer {
  const value = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) return Buffer.from(value, 'base64');
  if (value.length >= 32) return Buffer.from(hkdfSync('sha256', value, 'syndicate', 'webhook-secrets/v1', 32));
  throw new SecretsKeyMissing(`${source} is too short: give base64 of 32 random bytes (openssl rand -base64 32) or at least 32 random characters`);
}

/**
 * The cipher from the environment, per the key choice above. Call it once per
 * container (the composition caches the result); a failed fetch is not cached.
 */
export async function secretCipherFromEnvironment(
  readSecret: SecretReader,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<SecretCipher> {
  const direct = environment[names.webhookSecretsKey];
  if (direct) return SecretCipher.fromKey(keyFromText(direct, names.webhookSecretsKey));
  const arn = environment[names.webhookSecretsKeyArn];
  if (!arn) {
    throw new SecretsKeyMissing(
      `neither ${names.webhookSecretsKey} nor ${names.webhookSecretsKeyArn} is set: webhook secrets cannot be sealed or opened, so this function will not start`,
    );
  }
  const SecretString = await readSecret(arn);
  if (!SecretString) throw new SecretsKeyMissing(`the secret named by ${names.webhookSecretsKeyArn} has no string value`);
  return SecretCipher.fromKey(keyFromText(SecretString, `the secret named by ${names.webhookSecretsKeyArn}`));
}
