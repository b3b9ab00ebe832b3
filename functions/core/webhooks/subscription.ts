/**
 * A partner's webhook subscription and the rules for creating one. The
 * secret is not part of this shape: it lives encrypted beside it and is shown
 * only once, when created or rotated.
 */
import * as z from 'zod/mini';
import { articleEventTypes, type ArticleEventType } from '../article/events.ts';
import { judgeTargetUrl, type AddressPolicy } from './address-policy.ts';
import { checkCustomHeaders, type CustomHeaders } from './custom-headers.ts';
import { canonicalTargetUrl, describeSubscriptionIssue, textProblem } from './subscription-checks.ts';

export interface Subscription {
  id: string;
  url: string;
  /** Any of these tags matches; empty means every article. */
  tags: string[];
  /** Event types wanted; empty means all. */
  events: ArticleEventType[];
  /**
   * Only articles whose matching tag is at least this central (tag `relevance`, 0..1). With a tag filter the
   * tags it names are judged; without one, any tag the text names. Absent: every mention counts.
   */
  minRelevance?: number | undefined;
  /** True: leave out near-duplicates (articles carrying `nearDuplicateOf`); the first of each cluster still comes. */
  distinct?: boolean | undefined;
  description?: string | undefined;
  status: 'active' | 'disabled';
  createdAt: string;
  disabledAt?: string | undefined;
  disabledReason?: string | undefined;
  failingSince?: string | undefined;
  /** The partner that owns it; absent for subscriptions the admin made for no partner. */
  partnerId?: string | undefined;
  /** Sent with every delivery (see custom-headers.ts); stored sealed, shown back by name only. */
  headers?: CustomHeaders | undefined;
}

/** The fields a partner sets, shared by create and PATCH so both check the same way. */
const fields = {
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  tags: z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9._:-]{0,127}$/))).check(z.maxLength(50)),
  events: z.array(z.enum(articleEventTypes)).check(z.maxLength(articleEventTypes.length)),
  minRelevance: z.number().check(z.gte(0), z.lte(1)),
  distinct: z.boolean(),
  description: z.string().check(z.maxLength(500)),
  headers: z.record(z.string(), z.string()),
};

export const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const SubscriptionRequest = z.object({
  url: fields.url,
  tags: z.optional(fields.tags),
  events: z.optional(fields.events),
  minRelevance: z.optional(fields.minRelevance),
  distinct: z.optional(fields.distinct),
  description: z.optional(fields.description),
  headers: z.optional(fields.headers),
  /** Admin only: the partner the subscription is made for (a partner key always makes its own). */
  partnerId: z.optional(z.string().check(z.regex(PARTNER_ID))),
});
export type SubscriptionRequest = z.infer<typeof SubscriptionRequest>;

export class SubscriptionRefused extends Error {
  override readonly name = 'SubscriptionRefused';
  readonly status = 400;
  constructor(
    readonly code: 'invalid_subscription' | 'target_refused',
    message: string,
  ) {
    super(message);
  }
}

/**
 * 1. validate the shape (tag ids, known event types; messages from ./subscription-checks.ts), no control characters;
 * 2. refuse targets the address policy forbids, naming why;
 * 3. build the active subscription with de-duplicated filters and the URL in canonical form.
 * Whether each tag exists needs the registered publishers too: `unknownTags` (./subscription-checks.ts) with the caller's lookup.
 */
export function newSubscription(input: unknown, id: string, now: Date, policy: AddressPolicy): Subscription {
  const parsed = parseOrRefuse(SubscriptionRequest, input);
  const problem = textProblem({ url: parsed.url, description: parsed.description });
  if (problem) throw new SubscriptionRefused('invalid_subscription', problem);
  judgeTarget(parsed.url, policy);
  const headers = parsed.headers ? checkedHeaders(parsed.headers) : undefined;
  return {
    id,
    url: canonicalTargetUrl(parsed.url),
    tags: [...new Set(parsed.tags ?? [])],
    events: [...new Set(parsed.events ?? [])],
    ...(parsed.minRelevance !== undefined ? { minRelevance: parsed.minRelevance } : {}),
    ...(parsed.distinct === true ? { distinct: true } : {}),
    ...(parsed.description !== undefined ? { description: parsed.description } : {}),
    ...(parsed.partnerId !== undefined ? { partnerId: parsed.partnerId } : {}),
    ...(headers && Object.keys(headers).length > 0 ? { headers } : {}),
    status: 'active',
    createdAt: now.toISOString(),
  };
}

function parseOrRefuse<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new SubscriptionRefused('invalid_subscription', describeSubscriptionIssue(parsed.error.issues[0], input));
  return parsed.data;
}

function judgeTarget(url: string, policy: AddressPolicy): void {
  const verdict = judgeTargetUrl(url, policy);
  if (!verdict.allowed) throw new SubscriptionRefused('target_refused', `webhook target refused: ${verdict.reason}`);
}

function checkedHeaders(input: Record<string, string>): CustomHeaders {
  const checked = checkCustomHeaders(input);
  if ('refused' in checked) throw new SubscriptionRefused('invalid_subscription', `headers: ${checked.refused}`);
  return checked.headers;
}

/**
 * A PATCH: every field optional; `null` clears minRelevance, description and headers.
 * `enabled: true` re-enables a disabled endpoint; with `replay: true` the
 * events it missed while disabled are delivered too.
 */
export const SubscriptionPatch = z.strictObject({
  url: z.optional(fields.url),
  tags: z.optional(fields.tags),
  events: z.optional(fields.events),
  minRelevance: z.optional(z.nullable(fields.minRelevance)),
  distinct: z.optional(fields.distinct),
  description: z.optional(z.nullable(fields.description)),
  headers: z.optional(z.nullable(fields.headers)),
  enabled: z.optional(z.boolean()),
  replay: z.optional(z.boolean()),
});
export type SubscriptionPatch = z.infer<typeof SubscriptionPatch>;

export interface PatchedSubscription {
  subscription: Subscription;
  /** The status changes: `enable` from disabled to active, `disable` the other way. */
  statusChange?: 'enable' | 'disable';
  replay: boolean;
}

/**
 * 1. validate the patch like a creation (URL judged by the SSRF policy again, headers by name);
 * 2. apply it to the current subscription;
 * 3. say whether the status flips, so the store can move the match index with it.
 */
export function patchSubscription(current: Subscription, input: unknown, policy: AddressPolicy): PatchedSubscription {
  const patch = parseOrRefuse(SubscriptionPatch, input);
  const problem = textProblem({ url: patch.url ?? current.url, description: patch.description ?? undefined });
  if (problem) throw new SubscriptionRefused('invalid_subscription', problem);
  if (patch.url !== undefined) judgeTarget(patch.url, policy);
  if (patch.replay && patch.enabled !== true) {
    throw new SubscriptionRefused('invalid_subscription', 'replay: only together with "enabled": true (it replays what a disabled endpoint missed)');
  }
  const next: Subscription = { ...current };
  if (patch.url !== undefined) next.url = canonicalTargetUrl(patch.url);
  if (patch.tags !== undefined) next.tags = [...new Set(patch.tags)];
  if (patch.events !== undefined) next.events = [...new Set(patch.events)];
  if (patch.minRelevance === null) delete next.minRelevance;
  else if (patch.minRelevance !== undefined) next.minRelevance = patch.minRelevance;
  if (patch.distinct === false) delete next.distinct;
  else if (patch.distinct === true) next.distinct = true;
  if (patch.description === null) delete next.description;
  else if (patch.description !== undefined) next.description = patch.description;
  if (patch.headers === null) delete next.headers;
  else if (patch.headers !== undefined) {
    const headers = checkedHeaders(patch.headers);
    if (Object.keys(headers).length > 0) next.headers = headers;
    else delete next.headers;
  }
  let statusChange: PatchedSubscription['statusChange'];
  if (patch.enabled === true && current.status === 'disabled') {
    statusChange = 'enable';
    next.status = 'active';
    delete next.disabledAt;
    delete next.disabledReason;
    delete next.failingSince;
  } else if (patch.enabled === false && current.status === 'active') {
    statusChange = 'disable';
  }
  return { subscription: next, ...(statusChange ? { statusChange } : {}), replay: statusChange === 'enable' && patch.replay === true };
}

export const wantsEvent = (s: Pick<Subscription, 'events'>, type: ArticleEventType): boolean =>
  s.events.length === 0 || s.events.includes(type);
