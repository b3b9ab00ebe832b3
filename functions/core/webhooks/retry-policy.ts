/**
 * When to try a delivery again, and when to give up.
 *
 * The default schedule spans a little over three days (a receiver down for a
 * long weekend still gets its events), the same shape Svix and Stripe use.
 * Jitter only lengthens a delay, so the span never shrinks below the schedule;
 * it spreads the retries of a fan-out that failed together.
 */

/** Seconds to wait after attempt n fails (n = 1…); one more attempt than entries. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

export interface RetryPolicy {
  schedule: readonly number[];
  /** Fraction of a delay added at random (0.2 → up to 20 % longer). */
  jitter: number;
  /** Throttling answers (429, 502, 503, 504) without a Retry-After wait at least this long. */
  throttleFloorSeconds: number;
  /** Continuous failure for this long disables the endpoint. */
  disableAfterSeconds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  schedule: DEFAULT_RETRY_SCHEDULE,
  jitter: 0.2,
  throttleFloorSeconds: 60,
  disableAfterSeconds: 5 * 24 * 3600,
};

export class InvalidRetrySchedule extends Error {
  override readonly name = 'InvalidRetrySchedule';
}

/** Reads `WEBHOOK_RETRY_SCHEDULE` ("5,300,1800": seconds); empty or unset means the default. */
export function parseRetrySchedule(text: string | undefined): readonly number[] {
  if (text === undefined || text.trim() === '') return DEFAULT_RETRY_SCHEDULE;
  const parts = text.split(',').map((p) => p.trim());
  const delays = parts.map(Number);
  if (delays.some((d, i) => parts[i] === '' || !Number.isFinite(d) || d < 0)) {
    throw new InvalidRetrySchedule(`WEBHOOK_RETRY_SCHEDULE must be comma-separated non-negative seconds, got "${text}"`);
  }
  return delays;
}

export const maxAttempts = (policy: RetryPolicy): number => policy.schedule.length + 1;

/**
 * Seconds before the attempt after `attempt` (1-based), or undefined when
 * that was the last one. `random` is a draw in [0, 1) (injected).
 */
export function scheduledDelay(policy: RetryPolicy, attempt: number, random: number): number | undefined {
  const base = policy.schedule[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + policy.jitter * random));
}

/**
 * The delay after a throttling answer. A `Retry-After` is honoured as sent,
 * however short (a receiver that asks for one second gets one second), capped
 * at twice the scheduled delay or the throttle floor, whichever is longer (a
 * receiver cannot park us for a month). Without one, at least the floor.
 */
export function throttledDelay(policy: RetryPolicy, scheduled: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds === undefined) return Math.max(policy.throttleFloorSeconds, scheduled);
  return Math.min(retryAfterSeconds, Math.max(2 * scheduled, policy.throttleFloorSeconds));
}

/** `Retry-After` as delay-seconds or an HTTP date, relative to `now` (ms); undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
