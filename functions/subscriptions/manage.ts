/**
 * Subscription administration: create (secret shown once), read (never the
 * secret), delete, rotate the secret with a grace period where both sign.
 */
import type { Clock, StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';
import { secretFromBytes, SECRET_BYTES } from '#core/webhooks/signer.ts';
import { newSubscription, SubscriptionRefused, type Subscription } from '#core/webhooks/subscription.ts';
import { unknownTags, unknownTagsMessage } from '#core/webhooks/subscription-checks.ts';
import type { AddressPolicy } from '#core/webhooks/address-policy.ts';

export const ROTATION_GRACE_SECONDS = 24 * 3600;

export interface ManageDependencies {
  subscriptions: SubscriptionStore;
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

/** What the API shows: the subscription, secrets reduced to how many sign and until when. */
export function publicView(s: StoredSubscription): Subscription & { signingSecrets: Array<{ validUntil?: string }> } {
  const { secrets, disabledEvent: _e, ...rest } = s;
  return { ...rest, signingSecrets: secrets.map((x) => (x.validUntil ? { validUntil: x.validUntil } : {})) };
}

/**
 * 1. validate the request and judge the target URL (SSRF policy); refuse tags no article can carry, naming close spellings;
 * 2. draw the id and a 32-byte secret;
 * 3. store both (secret sealed); return the secret this once.
 */
export async function createSubscription(input: unknown, deps: ManageDependencies): Promise<Subscription & { secret: string }> {
  const subscription = newSubscription(input, deps.newId(), deps.clock(), deps.policy);
  const unknown = await unknownTags(subscription.tags, deps.isPublisher);
  if (unknown.length > 0) throw new SubscriptionRefused('invalid_subscription', unknownTagsMessage(unknown));
  const secret = secretFromBytes(deps.randomBytes(SECRET_BYTES));
  await deps.subscriptions.create(subscription, secret);
  return { ...subscription, secret };
}

export async function getSubscription(id: string, deps: Pick<ManageDependencies, 'subscriptions'>): Promise<StoredSubscription> {
  const found = await deps.subscriptions.get(id);
  if (!found) throw new SubscriptionNotFound(id);
  return found;
}

export async function deleteSubscription(id: string, deps: Pick<ManageDependencies, 'subscriptions'>): Promise<void> {
  if (!(await deps.subscriptions.delete(id))) throw new SubscriptionNotFound(id);
}

/**
 * 1. check the subscription exists;
 * 2. draw a new secret; the old current one signs until now + grace;
 * 3. return the new secret once.
 */
export async function rotateSecret(id: string, deps: ManageDependencies): Promise<{ secret: string; previousValidUntil: string }> {
  await getSubscription(id, deps);
  const now = deps.clock();
  const previousValidUntil = new Date(now.getTime() + ROTATION_GRACE_SECONDS * 1000).toISOString();
  const secret = secretFromBytes(deps.randomBytes(SECRET_BYTES));
  await deps.subscriptions.rotateSecret(id, secret, previousValidUntil, now.toISOString());
  return { secret, previousValidUntil };
}
