import { describe, expect, it } from 'vitest';
import { latest, rfc3339, rfc822 } from '../../../functions/core/feeds/dates.ts';

describe('feed dates', () => {
  it('formats RFC 822 in GMT with a four-digit year and two-digit day', () => {
    expect(rfc822('2017-10-03T04:05:06Z')).toBe('Tue, 03 Oct 2017 04:05:06 GMT');
  });

  it('converts offsets to UTC in both formats', () => {
    expect(rfc822('2024-01-01T01:30:00+02:00')).toBe('Sun, 31 Dec 2023 23:30:00 GMT');
    expect(rfc3339('2024-01-01T01:30:00+02:00')).toBe('2023-12-31T23:30:00Z');
  });

  it('keeps milliseconds in RFC 3339 only when there are some', () => {
    expect(rfc3339('2024-02-29T10:00:00.000Z')).toBe('2024-02-29T10:00:00Z');
    expect(rfc3339('2024-02-29T10:00:00.250Z')).toBe('2024-02-29T10:00:00.250Z');
  });

  it('picks the latest instant even when offsets differ', () => {
    expect(latest(['2024-01-01T10:00:00Z', '2024-01-01T11:00:00+02:00', '2024-01-01T09:30:00-01:00'])).toBe(
      '2024-01-01T09:30:00-01:00',
    );
    expect(latest([])).toBeUndefined();
  });

  it('refuses a value that is not a timestamp instead of printing "Invalid Date"', () => {
    expect(() => rfc822('yesterday')).toThrow(/not a timestamp/);
  });
});
