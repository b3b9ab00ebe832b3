/**
 * Subscription administration: create (secret shown once), read (never the
 * secret), list, change, delete, rotate the secret with a grace period where
 * both sign. Every use case takes the caller: a partner key reaches only its
 * own subscriptions, and another partner's answer exactly like a missing one
 * (404), so ids cannot be probed.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '#adapters/auth.ts';
import type { PartnerRepository } from '#adapters/partner-repository.ts';
import { listedView, type ListedSubscription, type SubscriptionFilter } from '#adapters/subscription-repository.ts';
import type { Clock, StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';
import { secretFromBytes, SECRET_BYTES } from '#core/webhooks/signer.ts';
import { newSubscription, patchSubscription, SubscriptionRefused, type Subscription } from '#core/webhooks/subscription.ts';
import { unknownTags, unknownTagsMessage } from '#core/webhooks/subscription-checks.ts';
import type { AddressPolicy } from '#core/webhooks/address-policy.ts';
import { articleEventTypes, type ArticleEventType } from '#core/article/events.ts';

export const ROTATION_GRACE_SECONDS = 24 * 3600;

/** The store as management needs it: the delivery-side port plus listing and changes. */
export interface ManagedSubscriptionStore extends SubscriptionStore {
  update(previous: StoredSubscription, next: Subscription): Promise<void>;
  list(filter: SubscriptionFilter): Promise<{ items: ListedSubscription[]; cursor?: string }>;
}

export interface ManageDependencies {
  subscriptions: ManagedSubscriptionStore;
  partners: Pick<PartnerRepository, 'get'>;
  policy: AddressPolicy;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
  newId: () => string;
  /** Whether a tag id is a registered publisher's (publisher tags need not be in the taxonomy); without it only taxonomy ids count. */
  isPublisher?: (id: string) => Promise<boolean>;
}

export class SubscriptionNotFound extends Error {
  override readonly name = 'SubscriptionNotFound';
  readonly code = 'subscription_not_found';
  readonly status = 404;
  constructor(id: string) {
    super(`no subscription ${id}`);
  }
}

/** A signing secret as the API shows it: a stable id derived from the secret (never the secret), and until when it signs. */
export interface SecretView {
  id: string;
  current: boolean;
  validUntil?: string;
}

export type SubscriptionView = ListedSubscription & { signingSecrets: SecretView[] };

/** Identifies a secret without revealing it: 64 bits of its SHA-256 are plenty to tell a handful apart. */
export const secretId = (secret: string): string => `sec_${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)}`;

/** What the API shows: the subscription, custom headers by name, secrets by id and validity. */
export function publicView(s: StoredSubscription): SubscriptionView {
  const { secrets, disabledEvent: _e, circuit: _c, ...rest } = s;
  return {
    ...listedView(rest),
    signingSecrets: secrets.map((x) => ({ id: secretId(x.secret), current: !x.validUntil, ...(x.validUntil ? { validUntil: x.validUntil } : {}) })),
  };
}

/**
 * 1. validate the request and judge the target URL (SSRF policy); refuse tags no article can carry, naming close spellings;
 * 2. draw the id and a 32-byte secret;
 * 3. store both (secret sealed); return the secret this once.
 */
export async function createSubscription(input: unknown, caller: Principal, deps: ManageDependencies): Promise<SubscriptionView & { secret: string }> {
  const subscription = newSubscription(input, deps.newId(), deps.clock(), deps.policy);
  const unknown = await unknownTags(subscription.tags, deps.isPublisher);
  if (unknown.length > 0) throw new SubscriptionRefused('invalid_subscription', unknownTagsMessage(unknown));
  if (caller.kind === 'partner') {
    if (subscription.partnerId !== undefined && subscription.partnerId !== caller.partnerId) {
      throw new SubscriptionRefused('invalid_subscription', 'partnerId: a partner key makes subscriptions for its own partner only; leave it out');
    }
    subscription.partnerId = caller.partnerId;
  } else if (subscription.partnerId !== undefined && !(await deps.partners.get(subscription.partnerId))) {
    throw new SubscriptionRefused('invalid_subscription', `partnerId: no partner ${subscription.partnerId}; create it with POST /partners first`);
  }
  const secret = secretFromBytes(deps.randomBytes(SECRET_BYTES));
  await deps.subscriptions.create(subscription, secret);
  return { ...publicView({ ...subscription, secrets: [{ secret }] }), secret };
}

/** The subscription if the caller may see it: the admin sees all, a partner its own; anything else is not found. */
export async function getSubscription(id: string, caller: Principal, deps: Pick<ManageDependencies, 'subscriptions'>): Promise<StoredSubscription> {
  const found = await deps.subscriptions.get(id);
  if (!found || (caller.kind !== 'admin' && (caller.kind !== 'partner' || found.partnerId !== caller.partnerId))) {
    throw new SubscriptionNotFound(id);
  }
  return found;
}

export async function deleteSubscription(id: string, caller: Principal, deps: Pick<ManageDependencies, 'subscriptions'>): Promise<void> {
  await getSubscription(id, caller, deps);
  if (!(await deps.subscriptions.delete(id))) throw new SubscriptionNotFound(id);
}

export interface ListQuery {
  status?: string | undefined;
  tag?: string | undefined;
  event?: string | undefined;
  partner?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
}

/**
 * 1. read the filters (a partner key is always confined to its own partner; the admin may name one);
 * 2. one page of the listing, filtered, with the cursor for the next.
 */
export async function listSubscriptions(
  query: ListQuery,
  caller: Principal,
  deps: Pick<ManageDependencies, 'subscriptions'>,
): Promise<{ subscriptions: ListedSubscription[]; cursor?: string }> {
  const refuse = (message: string) => new SubscriptionRefused('invalid_subscription', message);
  if (query.status !== undefined && query.status !== 'active' && query.status !== 'disabled') throw refuse('status: active or disabled');
  if (query.event !== undefined && !(articleEventTypes as readonly string[]).includes(query.event)) {
    throw refuse(`event: one of ${articleEventTypes.join(', ')}`);
  }
  if (caller.kind === 'partner' && query.partner !== undefined && query.partner !== caller.partnerId) {
    throw refuse('partner: a partner key lists its own subscriptions only');
  }
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw refuse('limit: a whole number from 1 to 200');
  const page = await deps.subscriptions.list({
    partnerId: caller.kind === 'partner' ? caller.partnerId : query.partner,
    status: query.status as Subscription['status'] | undefined,
    tag: query.tag,
    event: query.event as ArticleEventType | undefined,
    limit,
    cursor: query.cursor,
  });
  return { subscriptions: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

export interface PatchOutcome {
  subscription: SubscriptionView;
  /** Set when the endpoint was re-enabled: since when it failed or was disabled (what a replay covers). */
  reenabledAfter?: string;
  replay: boolean;
}

/**
 * 1. find the subscription the caller owns;
 * 2. apply the patch, every field checked as at creation (SSRF policy included);
 * 3. a disable is recorded as asked by the caller; a re-enable clears the failure streak;
 * 4. store profile, index and listing together (409 if another change got there first).
 */
export async function updateSubscription(id: string, input: unknown, caller: Principal, deps: ManageDependencies): Promise<PatchOutcome> {
  const current = await getSubscription(id, caller, deps);
  const patched = patchSubscription(current, input, deps.policy);
  const next = patched.subscription;
  const unknown = await unknownTags(next.tags.filter((t) => !current.tags.includes(t)), deps.isPublisher);
  if (unknown.length > 0) throw new SubscriptionRefused('invalid_subscription', unknownTagsMessage(unknown));
  if (patched.statusChange === 'disable') {
    Object.assign(next, { status: 'disabled', disabledAt: deps.clock().toISOString(), disabledReason: 'disabled through the API' });
  }
  await deps.subscriptions.update(current, next);
  return {
    subscription: publicView({ ...next, secrets: current.secrets }),
    ...(patched.statusChange === 'enable' ? { reenabledAfter: current.failingSince ?? current.disabledAt ?? current.createdAt } : {}),
    replay: patched.replay,
  };
}

/**
 * 1. check the subscription exists;
 * 2. draw a new secret; the old current one signs until now + grace;
 * 3. return the new secret once.
 */
export async function rotateSecret(id: string, caller: Principal, deps: ManageDependencies): Promise<{ secret: string; previousValidUntil: string }> {
  await getSubscription(id, caller, deps);
  const now = deps.clock();
  const previousValidUntil = new Date(now.getTime() + ROTATION_GRACE_SECONDS * 1000).toISOString();
  const secret = secretFromBytes(deps.randomBytes(SECRET_BYTES));
  await deps.subscriptions.rotateSecret(id, secret, previousValidUntil, now.toISOString());
  return { secret, previousValidUntil };
}
