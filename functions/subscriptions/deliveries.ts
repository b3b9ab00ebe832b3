/**
 * A subscription's delivery log, filtered: `status` (delivered | failed),
 * `event` (an event type), `from` and `to` (ISO 8601 instants, both included),
 * `limit` (1–200) and `cursor`. Each filter is checked on its own, and a bad one
 * answers 400 with a code naming it, before anything is read.
 */
import * as z from 'zod/mini';
import { articleEventTypes } from '#core/article/events.ts';
import type { AttemptFilter, AttemptRecord, DeliveryLog, Page } from '#core/webhooks/ports.ts';

/**
 * An instant: a date (midnight UTC), or a date and time with a zone (`Z` or `±hh:mm`).
 * A time without a zone is refused: it would mean a different instant on every machine.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export const DeliveryLogQuery = z.object({
  status: z.optional(z.enum(['delivered', 'failed'])),
  event: z.optional(z.enum(articleEventTypes)),
  from: z.optional(z.string().check(z.regex(ISO_INSTANT))),
  to: z.optional(z.string().check(z.regex(ISO_INSTANT))),
  limit: z.optional(z.string().check(z.regex(/^[0-9]{1,3}$/))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuery>;

export type LogQueryCode = 'invalid_status' | 'invalid_event' | 'invalid_time' | 'invalid_range' | 'invalid_limit' | 'invalid_cursor';

export class LogQueryRefused extends Error {
  override readonly name = 'LogQueryRefused';
  readonly status = 400;
  constructor(
    readonly code: LogQueryCode,
    message: string,
  ) {
    super(message);
  }
}

const problems: Record<keyof DeliveryLogQuery, [LogQueryCode, string]> = {
  status: ['invalid_status', 'status: delivered or failed'],
  event: ['invalid_event', `event: one of ${articleEventTypes.join(', ')}`],
  from: ['invalid_time', 'from: an ISO 8601 date, or date and time with a zone (2024-05-01T08:00:00Z)'],
  to: ['invalid_time', 'to: an ISO 8601 date, or date and time with a zone (2024-05-01T08:00:00Z)'],
  limit: ['invalid_limit', 'limit: a whole number from 1 to 200'],
  cursor: ['invalid_cursor', 'the cursor is not one this API gave out'],
};

function instant(name: 'from' | 'to', text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  // The pattern lets 2024-13-45 through; the calendar does not. Years stay four digits so sort keys compare.
  if (Number.isNaN(ms) || ms < 0 || ms > Date.parse('9999-12-31T23:59:59.999Z')) throw new LogQueryRefused('invalid_time', problems[name][1]);
  return new Date(ms).toISOString();
}

/** The query string as a filter, or LogQueryRefused naming the first filter at fault. */
export function parseLogQuery(query: Record<string, string | undefined>): { filter: AttemptFilter; limit: number; cursor?: string } {
  const parsed = DeliveryLogQuery.safeParse(query);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] as keyof DeliveryLogQuery | undefined;
    const [code, message] = problems[field ?? 'status'] ?? problems.status;
    throw new LogQueryRefused(code, message);
  }
  const q = parsed.data;
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (limit < 1 || limit > 200) throw new LogQueryRefused('invalid_limit', problems.limit[1]);
  const from = instant('from', q.from);
  const to = instant('to', q.to);
  if (from && to && from > to) throw new LogQueryRefused('invalid_range', `from (${from}) is after to (${to})`);
  const filter: AttemptFilter = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.event ? { eventType: q.event } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  return { filter, limit, ...(q.cursor ? { cursor: q.cursor } : {}) };
}

/** 1. check the filters; 2. one bounded Query of the log (delivery-log.ts says how much it reads). */
export async function listDeliveries(
  subscriptionId: string,
  query: Record<string, string | undefined>,
  deliveries: Pick<DeliveryLog, 'attempts'>,
): Promise<{ attempts: AttemptRecord[]; cursor?: string }> {
  const { filter, limit, cursor } = parseLogQuery(query);
  const page: Page<AttemptRecord> = await deliveries.attempts(subscriptionId, { limit, cursor, filter });
  return { attempts: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
