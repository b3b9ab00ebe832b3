/**
 * The shapes the console reads, as the HTTP contract gives them (DESIGN.md,
 * issue 13). Optional fields are those an older API may not send yet; the
 * screens show "—" for them rather than fail.
 */
export const eventTypes = ['article.published', 'article.updated', 'article.withdrawn'] as const;

export interface SigningSecretView {
  id?: string;
  createdAt?: string;
  validUntil?: string;
}

export interface Subscription {
  id: string;
  url: string;
  tags: string[];
  events: string[];
  description?: string;
  status: 'active' | 'disabled';
  createdAt: string;
  disabledAt?: string;
  disabledReason?: string;
  failingSince?: string;
  partnerId?: string;
  /** Custom header names (values are not shown back), or name → value. */
  headers?: Record<string, string> | string[];
  signingSecrets?: SigningSecretView[];
}

export interface Attempt {
  subscriptionId: string;
  deliveryId: string;
  round: number;
  attempt: number;
  at: string;
  status?: number;
  durationMs: number;
  response?: string;
  error?: string;
  outcome: string;
  eventType?: string;
  articleId?: string;
  /** A test event sent through POST /subscriptions/{id}/test. */
  test?: boolean;
}

/**
 * The stats and test-event answers, and a listed publisher, in their one home beside the code that
 * builds them: bare types that need no Node, so this project can share them.
 */
export type { StatsView as Stats, TestEventResult as TestResult } from '../../functions/core/webhooks/health-answers.ts';
export type { ListedPublisher as Publisher } from '../../functions/core/publishers/listed-publisher.ts';

export interface ArticleSummary {
  id: string;
  version: number;
  status?: string;
  publisher: string | { id: string; name?: string };
  headline: string;
  tags?: Array<{ id: string; label?: string; type?: string }>;
  publishedAt?: string;
  updatedAt?: string;
  withdrawnAt?: string;
}

export interface Article extends ArticleSummary {
  notes?: Array<string | { code?: string; message?: string }>;
  standfirst?: string;
  byline?: string;
  wordCount?: number;
}

export const publisherOf = (a: Pick<ArticleSummary, 'publisher'>): string =>
  typeof a.publisher === 'string' ? a.publisher : a.publisher.name ? `${a.publisher.name} (${a.publisher.id})` : a.publisher.id;

/** A page of a listing: the items under `name` and the cursor for the next page, whatever the listing calls it. */
export function pageOf<T>(body: Record<string, unknown>, name: string): { items: T[]; cursor?: string } {
  const items = (body[name] ?? body.items ?? []) as T[];
  const cursor = (body.cursor ?? body.nextCursor) as string | undefined;
  return cursor ? { items, cursor } : { items };
}
