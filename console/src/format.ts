/** How times, durations and rates read on screen. Everything returns text: the components escape it. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export const formatMs = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? '—' : `${Math.round(ms)} ms`);

export const formatRate = (rate: number | undefined): string => (rate === undefined || Number.isNaN(rate) ? '—' : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)}%`);

/** A datetime-local input's value (taken as UTC, as every time on screen is) to ISO 8601, or undefined. */
export function isoFromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}${value.length === 16 ? ':00' : ''}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const localInputFromIso = (iso: string | undefined): string => (iso ? iso.slice(0, 16) : '');
