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

/** `GET /subscriptions/{id}/stats`: the last 24 hours, test events left out. */
export interface Stats {
  window: { from: string; to: string; hours: number };
  attempts: number;
  delivered: number;
  failed: number;
  successRate: number | null;
  latency: { p50Ms: number | null; p95Ms: number | null };
  lastError: { at: string; deliveryId: string; status?: number; error: string } | null;
  circuit: { state: 'closed' | 'open' | 'half_open'; failuresInARow: number; openUntil?: string; source: string };
  circuitNote?: string;
  hourly: Array<{ start: string; delivered: number; failed: number }>;
  /** False when the day held more attempts than one call reads. */
  complete: boolean;
  readLimit: number;
}

/** `POST /subscriptions/{id}/test`: what the endpoint answered. */
export interface TestResult {
  webhookId: string;
  event: string;
  delivered: boolean;
  status?: number;
  durationMs: number;
  response?: string;
  error?: string;
}

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

export interface Publisher {
  id: string;
  name?: string;
  createdAt?: string;
}

/** A page of a listing: the items under `name` and the cursor for the next page, whatever the listing calls it. */
export function pageOf<T>(body: Record<string, unknown>, name: string): { items: T[]; cursor?: string } {
  const items = (body[name] ?? body.items ?? []) as T[];
  const cursor = (body.cursor ?? body.nextCursor) as string | undefined;
  return cursor ? { items, cursor } : { items };
}
