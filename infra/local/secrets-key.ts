/**
 * The local stand-in for the Secrets Manager secret that seals webhook secrets
 * on AWS: 32 random bytes made on first start and kept in the data folder, so
 * subscriptions created before a restart can still be signed after it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadOrCreateSecretsKey(dataDir: string): string {
  const file = join(dataDir, 'webhook-secrets.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
