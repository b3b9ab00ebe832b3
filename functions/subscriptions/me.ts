/**
 * `GET /me`: what kind of key the caller holds and what it opens, so a client
 * (the console) need not probe routes to find out. The routes come from the
 * route table through the same check the handlers make (auth.ts `admits`);
 * `scope` says what the handlers narrow further.
 */
import { admits, type Principal } from '#adapters/auth.ts';
import { routeKey, routes } from '#infra/routes.ts';

export interface MeView {
  kind: Principal['kind'];
  publisherId?: string;
  partnerId?: string;
  /** Partner or publisher name, when registered with one. */
  name?: string;
  /** Every route (`METHOD /path`) this key may call, public ones left out. */
  routes: string[];
  scope: string;
}

const scopes: Record<Principal['kind'], string> = {
  admin: 'everything: every subscription, delivery log, article, publisher and partner',
  publisher: 'its own publisher’s articles: publish, correct and withdraw them',
  partner: 'its own subscriptions: create, change, test and delete them, and read and replay their deliveries',
};

export async function describeCaller(caller: Principal, nameOf: (caller: Principal) => Promise<string | undefined>): Promise<MeView> {
  const name = await nameOf(caller);
  return {
    kind: caller.kind,
    ...(caller.kind === 'publisher' ? { publisherId: caller.publisherId } : {}),
    ...(caller.kind === 'partner' ? { partnerId: caller.partnerId } : {}),
    ...(name ? { name } : {}),
    routes: routes.filter((r) => r.access !== 'public' && admits(caller, r.access)).map(routeKey),
    scope: scopes[caller.kind],
  };
}
