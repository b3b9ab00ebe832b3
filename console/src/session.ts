/**
 * Sign-in: the key lives in this tab's sessionStorage only (gone when the tab
 * closes; never a cookie, never localStorage), and what it may do is asked of
 * the API, which is what decides: `GET /me` names the kind of key, whose it is
 * and the routes it opens. 401 means the key is unknown.
 */
import { ApiError, createApi, type Api } from './api.ts';

export type Role = 'admin' | 'partner' | 'publisher';

/** What `GET /me` says about the key. */
export interface Me {
  kind: Role;
  partnerId?: string;
  publisherId?: string;
  name?: string;
  routes: string[];
  scope: string;
}

export interface Session {
  key: string;
  role: Role;
  api: Api;
  me: Me;
}

const storageKey = 'syndicate-console-key';

export const storedKey = (): string | undefined => sessionStorage.getItem(storageKey) ?? undefined;
export const forgetKey = (): void => sessionStorage.removeItem(storageKey);

/** What each kind of key may do, in the words the console shows. */
export const abilities: Record<Role, string[]> = {
  admin: [
    'see, create, change, test and delete every subscription',
    'read every delivery log, replay deliveries and see endpoint health',
    'search articles, read their versions and withdraw them',
    'list and register publishers, register partners, and rotate their keys',
  ],
  partner: [
    'see, create, change, test and delete your own subscriptions',
    'read your own delivery logs, replay deliveries and see endpoint health',
  ],
  publisher: ['search articles and withdraw your own publisher’s articles', 'publishing and corrections are done through the API'],
};

export const roleName: Record<Role, string> = { admin: 'Administrator', partner: 'Partner', publisher: 'Publisher' };

export async function signIn(key: string): Promise<Session> {
  const api = createApi(key);
  let me: Me;
  try {
    me = await api.get<Me>('/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new ApiError(401, 'unauthorized', 'That key was not recognised. Check it and try again.');
    throw error;
  }
  if (!(me.kind in roleName)) throw new ApiError(500, 'unexpected', `The API named a kind of key the console does not know: ${String(me.kind)}.`);
  sessionStorage.setItem(storageKey, key);
  return { key, role: me.kind, api, me };
}

/** Whether the key opens a route, as `GET /me` listed them (`POST /subscriptions/{id}/test`). */
export const may = (session: Session, route: string): boolean => session.me.routes.includes(route);
