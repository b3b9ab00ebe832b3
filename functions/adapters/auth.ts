/**
 * Who is calling: `Authorization: Bearer <key>` resolved to the admin, one
 * publisher (writes its own articles) or one partner (manages its own webhook
 * subscriptions). Shared by the ingest and subscriptions handlers.
 *
 * Keys are compared as SHA-256 digests with `timingSafeEqual`, publisher keys
 * are looked up by their digest (the table stores nothing else), and no key
 * or header value is ever put in an error message or a log line.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Access } from '#infra/routes.ts';

export type Principal = { kind: 'admin' } | { kind: 'publisher'; publisherId: string } | { kind: 'partner'; partnerId: string };

export class AuthFailure extends Error {
  override readonly name = 'AuthFailure';
  constructor(
    readonly status: 401 | 403,
    readonly code: 'unauthorized' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

export interface KeyLookup {
  /** The publisher or partner a stored key hash belongs to. */
  principalForKey(keyHash: string): Promise<Principal | undefined>;
}

/** Returns the admin key, or undefined when none is configured (then nobody is admin). */
export type AdminKeySource = () => Promise<string | undefined>;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new API key: 256 random bits, prefixed so it is recognisable in a secret scanner. */
export const newApiKey = (): string => `synd_${randomBytes(32).toString('base64url')}`;

export class Authenticator {
  constructor(
    private readonly keys: KeyLookup,
    private readonly adminKey: AdminKeySource,
  ) {}

  async authenticate(headers: Record<string, string | undefined> | undefined): Promise<Principal> {
    const header = headerValue(headers, 'authorization');
    if (!header) throw new AuthFailure(401, 'unauthorized', 'missing Authorization header; send "Authorization: Bearer <api key>"');
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) throw new AuthFailure(401, 'unauthorized', 'Authorization header must be "Bearer <api key>"');
    const digest = hashKey(match[1]!);

    const admin = await this.adminKey();
    if (admin && sameDigest(digest, hashKey(admin))) return { kind: 'admin' };
    const principal = await this.keys.principalForKey(digest);
    if (principal) return principal;
    throw new AuthFailure(401, 'unauthorized', 'API key not recognised');
  }
}

/** Admin only, or 403. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw new AuthFailure(403, 'forbidden', 'this operation needs the admin key');
}

/** Whether a route of this access level admits the caller (what it may then reach is the handler's to judge). */
export function admits(principal: Principal, access: Access): boolean {
  if (access === 'public' || access === 'key' || principal.kind === 'admin') return true;
  return access !== 'admin' && principal.kind === access;
}

/** The route's access level, or 403 naming the key it needs. */
export function requireAccess(principal: Principal, access: Access): void {
  if (admits(principal, access)) return;
  if (access === 'admin') requireAdmin(principal);
  throw new AuthFailure(403, 'forbidden', `this operation needs a ${access} key or the admin key`);
}

/** The admin, or the publisher the article belongs to; anyone else gets 403. */
export function requirePublisher(principal: Principal, publisherId: string): void {
  if (principal.kind === 'partner') throw new AuthFailure(403, 'forbidden', 'a partner key cannot write articles');
  if (principal.kind === 'publisher' && principal.publisherId !== publisherId) {
    throw new AuthFailure(403, 'forbidden', `this key belongs to publisher ${principal.publisherId}, not ${publisherId}`);
  }
}

function sameDigest(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

function headerValue(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
