/**
 * `GET /events`: the pull channel, for partners who cannot take webhooks (behind a firewall):
 * 1. check the query: `after` (or its synonym `since`) a cursor we issued, `limit` 1..100, `type` an event type,
 *    `tag` a tag id, `wait` 0..20 seconds; anything else is a 400 naming the parameter;
 * 2. read the events after the cursor, in order (adapters/event-log.ts: dense numbers, a page never passes
 *    an event that is still on its way); with `wait` and nothing new, look again each second until it runs out;
 * 3. keep those of the wanted type and tag; `nextCursor` is the last event read, kept or not, so a
 *    filtered poll moves on too.
 * Each event carries its webhook body (`payload`) byte for byte as the webhooks send it.
 */
import type { EventLogPage } from '#adapters/event-log.ts';
import { articleEventTypes } from '#core/article/events.ts';
import { IngestError } from './errors.ts';

export interface EventReader {
  read(after: number, limit: number): Promise<EventLogPage>;
}

export interface EventQuery {
  after?: string | undefined;
  since?: string | undefined;
  limit?: string | undefined;
  type?: string | undefined;
  tag?: string | undefined;
  wait?: string | undefined;
}

export const maxEventsPage = 100;
export const defaultEventsPage = 50;
export const maxWaitSeconds = 20;

export interface PulledEvent {
  cursor: string;
  id: string;
  sequence: number;
  type: string;
  articleId: string;
  occurredAt: string;
  payload: unknown;
}

const encodeEventCursor = (sequence: number) => Buffer.from(`e${sequence}`, 'utf8').toString('base64url');

function decodeEventCursor(cursor: string): number {
  const match = cursor.length <= 40 ? /^e(0|[1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  if (!match) throw new IngestError('invalid_request', 'after: not a cursor this API issued; pass the nextCursor of a previous page unchanged');
  return Number(match[1]);
}

function wholeNumber(name: string, text: string | undefined, min: number, max: number, byDefault: number): number {
  if (text === undefined) return byDefault;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new IngestError('invalid_request', `${name} must be a whole number from ${min} to ${max}`);
  return value;
}

export async function pullEvents(
  reader: EventReader,
  query: EventQuery,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ events: PulledEvent[]; nextCursor: string }> {
  if (query.after !== undefined && query.since !== undefined) throw new IngestError('invalid_request', 'give after or since (the same cursor), not both');
  const cursor = query.after ?? query.since;
  const after = cursor === undefined ? 0 : decodeEventCursor(cursor);
  const limit = wholeNumber('limit', query.limit, 1, maxEventsPage, defaultEventsPage);
  const waitSeconds = wholeNumber('wait', query.wait, 0, maxWaitSeconds, 0);
  if (query.type !== undefined && !(articleEventTypes as readonly string[]).includes(query.type)) {
    throw new IngestError('invalid_request', `type must be one of ${articleEventTypes.join(', ')}`);
  }
  if (query.tag !== undefined && !/^[a-z0-9][a-z0-9._:-]{0,127}$/.test(query.tag)) {
    throw new IngestError('invalid_request', 'tag must be a tag id (lowercase letters, digits, . _ : -; at most 128 characters)');
  }

  let page = await reader.read(after, limit);
  for (let waited = 0; page.last === after && waited < waitSeconds; waited += 1) {
    await sleep(1000);
    page = await reader.read(after, limit);
  }
  const events = page.events
    .filter((e) => (query.type === undefined || e.type === query.type) && (query.tag === undefined || e.tags.includes(query.tag)))
    .map((e) => ({
      cursor: encodeEventCursor(e.sequence),
      id: e.id,
      sequence: e.sequence,
      type: e.type,
      articleId: e.articleId,
      occurredAt: e.occurredAt,
      payload: JSON.parse(e.body) as unknown,
    }));
  return { events, nextCursor: encodeEventCursor(page.last) };
}
