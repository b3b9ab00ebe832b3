import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE, defaultRetryPolicy, InvalidRetrySchedule, maxAttempts, parseRetryAfter, parseRetrySchedule, scheduledDelay,
} from '#core/webhooks/retry-policy.ts';

describe('retry schedule', () => {
  it('spans at least three days by default, growing at every step, with ten attempts', () => {
    const total = DEFAULT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3 * 24 * 3600);
    expect(DEFAULT_RETRY_SCHEDULE.every((d, i) => i === 0 || d > DEFAULT_RETRY_SCHEDULE[i - 1]!)).toBe(true);
    expect(maxAttempts(defaultRetryPolicy)).toBe(10);
  });

  it('adds jitter that only lengthens a delay, up to 20 %', () => {
    expect(scheduledDelay(defaultRetryPolicy, 2, 0)).toBe(300);
    expect(scheduledDelay(defaultRetryPolicy, 2, 0.5)).toBe(330);
    expect(scheduledDelay(defaultRetryPolicy, 2, 0.999)).toBeLessThanOrEqual(360);
    expect(scheduledDelay(defaultRetryPolicy, 10, 0.5)).toBeUndefined();
  });

  it('reads WEBHOOK_RETRY_SCHEDULE as comma-separated seconds and refuses nonsense', () => {
    expect(parseRetrySchedule('1, 2,3')).toEqual([1, 2, 3]);
    expect(parseRetrySchedule(undefined)).toBe(DEFAULT_RETRY_SCHEDULE);
    expect(parseRetrySchedule(' ')).toBe(DEFAULT_RETRY_SCHEDULE);
    for (const bad of ['1,,2', 'a', '-1', '5s']) expect(() => parseRetrySchedule(bad)).toThrow(InvalidRetrySchedule);
  });

  it('reads Retry-After as seconds or an HTTP date relative to the injected clock', () => {
    const now = Date.parse('2025-03-03T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 03 Mar 2025 08:10:00 GMT', now)).toBe(600);
    expect(parseRetryAfter('Mon, 03 Mar 2025 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
