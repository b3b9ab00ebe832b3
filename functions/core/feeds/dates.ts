/**
 * Feed date formats. Input is any ISO 8601 timestamp from the article model;
 * output is always UTC, so the same instant renders the same bytes.
 */

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number) => String(n).padStart(2, '0');

function instant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(iso)}`);
  return date;
}

/**
 * RFC 822 as RSS 2.0 wants it, with a four-digit year (the W3C validator warns
 * on two-digit years) and `GMT` rather than a numeric zone: `Tue, 17 Oct 2017 14:03:00 GMT`.
 */
export function rfc822(iso: string): string {
  const d = instant(iso);
  return (
    `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
  );
}

/** RFC 3339 in UTC; milliseconds only when the source had them: `2017-10-17T14:03:00Z`. */
export function rfc3339(iso: string): string {
  const full = instant(iso).toISOString();
  return full.endsWith('.000Z') ? `${full.slice(0, -5)}Z` : full;
}

/** Latest of ISO timestamps, compared as instants (offsets may differ). */
export function latest(isos: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestTime = -Infinity;
  for (const iso of isos) {
    const time = instant(iso).getTime();
    if (time > bestTime) {
      best = iso;
      bestTime = time;
    }
  }
  return best;
}
