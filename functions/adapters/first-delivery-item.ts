/**
 * The first-delivery entry (delivery-log.ts) as stored: one item per delivery, 100 million a month in the
 * cost scenario, kept 30 days, so every byte of it is storage and point-in-time recovery paid for a month.
 * It leaves out what its key and its other fields already say, and the reader puts it back:
 * - `subscriptionId` is in the partition key (`SUBSCRIPTION#{id}`);
 * - `at`, `round` and `attempt` are in the sort key (`ATTEMPT#{at}#{webhook-id}#{round × 1000 + attempt}`);
 *   `deliveryId` is too, but stays: the search by webhook-id filters on it, and a filter cannot read a key;
 * - `articleId` and `eventType` begin the event key (`{articleId}|{type}|v{version}|{occurredAt}`, webhook-id.ts);
 * - `outcome` is `delivered`, what `kind: first` means; an empty `response` is the empty answer of a status.
 * A field is left out only when the reader derives exactly its value, so an entry of any shape (one written
 * before this, with every field) reads the same. The log's filters match both shapes (delivery-log.ts).
 */
import { attemptKey } from './keys.ts';

/** The `kind` of a first-delivery entry: the attempt entry that is its delivery's record. */
export const FIRST = 'first';

type Item = Record<string, unknown>;

const DERIVED = ['subscriptionId', 'at', 'round', 'attempt', 'articleId', 'eventType', 'outcome', 'response'] as const;

/** What a first-delivery entry's key and event key say (its fields, where present, win). */
function derived(item: Item): Partial<Record<(typeof DERIVED)[number], unknown>> {
  const out: Partial<Record<(typeof DERIVED)[number], unknown>> = { outcome: 'delivered' };
  // Built here, not at module load: publish loads this module (through delivery-log.ts) without reading the
  // log, and the least-privilege test counts a key builder run at load as a partition publish touches.
  const subscriptionPrefix = attemptKey('', '', '', 0).pk;
  if (typeof item.pk === 'string' && item.pk.startsWith(subscriptionPrefix)) out.subscriptionId = item.pk.slice(subscriptionPrefix.length);
  const sk = typeof item.sk === 'string' ? item.sk.split('#') : [];
  if (sk.length === 4 && sk[0] === 'ATTEMPT' && /^\d+$/.test(sk[3]!)) {
    const n = Number(sk[3]);
    Object.assign(out, { at: sk[1], round: Math.floor(n / 1000), attempt: n % 1000 });
  }
  const event = typeof item.eventKey === 'string' ? item.eventKey.split('|') : [];
  if (event.length === 4) Object.assign(out, { articleId: event[0], eventType: event[1] });
  if (typeof item.status === 'number') out.response = '';
  return out;
}

/** A stored first-delivery entry with every field (others as they are). */
export function wholeFirstItem(item: Item): Item {
  if (item.kind !== FIRST) return item;
  const fill = derived(item);
  const whole: Item = { ...item };
  for (const field of DERIVED) if (whole[field] === undefined && fill[field] !== undefined) whole[field] = fill[field];
  return whole;
}

/** The item to store for a whole first-delivery entry: without the fields the reader derives to the same value. */
export function slimFirstItem(item: Item): Item {
  const slim: Item = { ...item };
  for (const field of DERIVED) delete slim[field];
  const back = wholeFirstItem(slim);
  for (const field of DERIVED) if (item[field] !== undefined && back[field] !== item[field]) slim[field] = item[field];
  return slim;
}
