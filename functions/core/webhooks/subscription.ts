/**
 * A partner's webhook subscription and the rules for creating one. The
 * secret is not part of this shape: it lives encrypted beside it and is shown
 * only once, when created or rotated.
 */
import * as z from 'zod/mini';
import { articleEventTypes, type ArticleEventType } from '../article/events.ts';
import { judgeTargetUrl, type AddressPolicy } from './address-policy.ts';
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
}

export const SubscriptionRequest = z.object({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  tags: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9._:-]{0,127}$/))).check(z.maxLength(50))),
  events: z.optional(z.array(z.enum(articleEventTypes)).check(z.maxLength(articleEventTypes.length))),
  minRelevance: z.optional(z.number().check(z.gte(0), z.lte(1))),
  distinct: z.optional(z.boolean()),
  description: z.optional(z.string().check(z.maxLength(500))),
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
  const parsed = SubscriptionRequest.safeParse(input);
  if (!parsed.success) throw new SubscriptionRefused('invalid_subscription', describeSubscriptionIssue(parsed.error.issues[0], input));
  const problem = textProblem({ url: parsed.data.url, description: parsed.data.description });
  if (problem) throw new SubscriptionRefused('invalid_subscription', problem);
  const verdict = judgeTargetUrl(parsed.data.url, policy);
  if (!verdict.allowed) throw new SubscriptionRefused('target_refused', `webhook target refused: ${verdict.reason}`);
  return {
    id,
    url: canonicalTargetUrl(parsed.data.url),
    tags: [...new Set(parsed.data.tags ?? [])],
    events: [...new Set(parsed.data.events ?? [])],
    ...(parsed.data.minRelevance !== undefined ? { minRelevance: parsed.data.minRelevance } : {}),
    ...(parsed.data.distinct === true ? { distinct: true } : {}),
    ...(parsed.data.description !== undefined ? { description: parsed.data.description } : {}),
    status: 'active',
    createdAt: now.toISOString(),
  };
}

export const wantsEvent = (s: Pick<Subscription, 'events'>, type: ArticleEventType): boolean =>
  s.events.length === 0 || s.events.includes(type);
