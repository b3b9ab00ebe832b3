/** Source dates to the one form we store: ISO 8601 in UTC, as `Date.prototype.toISOString()` writes it. */
import { ArticleRefused } from '../article/errors.ts';
import { dateLimits } from '../article/limits.ts';

/** ISO 8601 / RFC 3339 date-times (with `T` or a space), and plain dates, which mean midnight UTC. */
const isoLike = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The UTC ISO form of `value`, or undefined when it is not a date we can read unambiguously. */
export function toIsoDate(value: string): string | undefined {
  const trimmed = value.trim();
  if (!isoLike.test(trimmed)) return undefined;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !/[T ]/i.test(trimmed);
  // A date-time without a zone is ambiguous; news metadata without one is conventionally UTC.
  const date = new Date(hasZone ? trimmed.replace(' ', 'T') : `${trimmed.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** True for a date before `dateLimits.earliest` (year 0000 and other typing mistakes). */
export const isBeforeEarliest = (iso: string): boolean => iso < dateLimits.earliest || iso.startsWith('-');

/** Like `toIsoDate`, but a bad or pre-1900 value is refused naming the field: structured inputs must say what they mean. */
export function requireIsoDate(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = toIsoDate(value);
  if (!iso) throw new ArticleRefused('invalid_article', `field ${field} is not an ISO 8601 date-time: ${JSON.stringify(value.slice(0, 100))}`);
  if (isBeforeEarliest(iso)) {
    throw new ArticleRefused('date_out_of_range', `field ${field} is ${iso}, before ${dateLimits.earliest.slice(0, 4)}: send the real date`);
  }
  return iso;
}
