/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com):
 * `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, where the key is
 * the base64 part of a `whsec_` secret. During a secret rotation both secrets
 * sign and the signatures travel space-separated in one header, so a receiver
 * holding either secret verifies the request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24–64 random bytes; 32 matches the HMAC-SHA256 block strength. */
export const SECRET_BYTES = 32;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export class InvalidSecret extends Error {
  override readonly name = 'InvalidSecret';
}

/** The raw HMAC key behind a `whsec_` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new InvalidSecret('webhook secrets start with whsec_');
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new InvalidSecret('webhook secret is not base64 after whsec_');
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new InvalidSecret('webhook secret is empty');
  return key;
}

/** Formats random bytes (from the caller: the core draws no randomness) as a secret. */
export function secretFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 24 || bytes.length > 64) throw new InvalidSecret('webhook secrets hold 24 to 64 bytes');
  return SECRET_PREFIX + Buffer.from(bytes).toString('base64');
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * Headers for one attempt. `timestamp` is this attempt's time in whole
 * seconds; `secrets` is the current secret first, then any still in grace.
 */
export function signRequest(input: { id: string; timestamp: number; body: string; secrets: readonly string[] }): SignedHeaders {
  if (input.secrets.length === 0) throw new InvalidSecret('at least one secret must sign');
  if (!Number.isInteger(input.timestamp) || input.timestamp < 0) throw new RangeError('timestamp is whole epoch seconds');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': input.secrets.map((s) => signature(s, input.id, input.timestamp, input.body)).join(' '),
  };
}

/**
 * Receiver-side check, used by our tests and the replay tooling: true when
 * any `v1` signature in the header matches, compared in constant time, and
 * the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifyRequest(
  input: { headers: SignedHeaders; body: string; secret: string },
  now: number,
  toleranceSeconds = 300,
): boolean {
  const { headers, body, secret } = input;
  const timestamp = Number(headers['webhook-timestamp']);
  if (!/^\d+$/.test(headers['webhook-timestamp']) || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, headers['webhook-id'], timestamp, body).slice(3));
  return headers['webhook-signature'].split(' ').some((candidate) => {
    const [version, mac] = candidate.split(',');
    if (version !== 'v1' || mac === undefined) return false;
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
