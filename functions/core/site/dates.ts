/**
 * Dates as a person reads them on a page, always in UTC (pages are rendered once
 * for every reader, so no local time zone can be right), inside a `<time>` whose
 * `datetime` machines read.
 */
import { rfc3339 } from '../feeds/dates.ts';
import { element } from './html.ts';

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const two = (n: number) => String(n).padStart(2, '0');

/** `17 October 2017, 14:03 UTC`. */
export function readableDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

export const timeElement = (iso: string) => element('time', readableDate(iso), { datetime: rfc3339(iso) });
