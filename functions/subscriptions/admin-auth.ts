/**
 * Admin authentication for the subscription routes: `Authorization: Bearer
 * <admin key>`, compared in constant time (both sides hashed first, so the
 * comparison does not even leak the key's length). Written here because the
 * shared auth adapter is not on main yet; swap for it when it lands.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function isAdmin(authorization: string | undefined, adminKey: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match || !adminKey) return false;
  return timingSafeEqual(digest(match[1]!), digest(adminKey));
}
