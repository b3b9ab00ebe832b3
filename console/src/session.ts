/**
 * Sign-in: the key lives in this tab's sessionStorage only (gone when the tab
 * closes; never a cookie, never localStorage), and what it may do is found by
 * asking the API, since the API is what decides.
 *
 * 1. `GET /subscriptions?limit=1`: 401 means the key is unknown; 200 means it
 *    manages subscriptions (admin or partner); 403 means it does not (publisher).
 * 2. `GET /publishers`: 200 means the admin.
 */
import { ApiError, createApi, type Api } from './api.ts';

export type Role = 'admin' | 'partner' | 'publisher';

export interface Session {
  key: string;
  role: Role;
  api: Api;
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
    'register publishers and partners, and rotate their keys',
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
  const role = await roleOf(api);
  sessionStorage.setItem(storageKey, key);
  return { key, role, api };
}

/** A route this API does not have (yet) answers 404 or 405 before any key is looked at. */
const absent = (status: number) => status === 404 || status === 405;

async function roleOf(api: Api): Promise<Role> {
  let subscriptions = await api.status('GET', '/subscriptions?limit=1');
  // An API without the listing still has GET /subscriptions/{id}: an unknown id is 404 to a key that may look.
  if (absent(subscriptions)) subscriptions = await api.status('GET', '/subscriptions/sub_console_probe') === 404 ? 200 : 403;
  if (subscriptions === 401) throw new ApiError(401, 'unauthorized', 'That key was not recognised. Check it and try again.');
  let publishers = await api.status('GET', '/publishers?limit=1');
  // Without the listing: an empty registration is refused as invalid (400) to the admin, as forbidden (403) to others.
  if (absent(publishers)) publishers = await api.status('POST', '/publishers', {}) === 400 ? 200 : 403;
  if (publishers === 200) return 'admin';
  if (publishers === 401) throw new ApiError(401, 'unauthorized', 'That key was not recognised. Check it and try again.');
  if (subscriptions === 200) return 'partner';
  if (subscriptions === 403) return 'publisher';
  throw new ApiError(subscriptions, 'unexpected', `The API answered ${subscriptions} when asked what this key may do.`);
}
