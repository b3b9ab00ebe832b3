/**
 * What one delivery attempt means for the delivery and for the endpoint.
 *
 * Response rules (beyond what Svix, Convoy and Outpost do):
 * - 2xx: delivered.
 * - 410 Gone: the receiver told us the endpoint no longer exists: disable now.
 * - 429, 502, 503, 504: the receiver is overloaded: honour its `Retry-After` as
 *   sent (capped), else back off at least a minute (see retry-policy.ts).
 * - 3xx: a failure; redirects are never followed (they could point anywhere, including inside our network).
 * - anything else, timeouts, connection and DNS errors: retry on schedule.
 */
import { parseRetryAfter, scheduledDelay, throttledDelay, type RetryPolicy } from './retry-policy.ts';

export type AttemptResult =
  | { kind: 'response'; status: number; retryAfter?: string | undefined; durationMs: number; responsePrefix: string }
  | { kind: 'error'; error: 'timeout' | 'connection' | 'dns' | 'refused_address'; message: string; durationMs: number };

export type Decision =
  | { action: 'delivered' }
  | { action: 'retry'; delaySeconds: number; reason: string }
  | { action: 'give_up'; reason: string }
  | { action: 'disable_endpoint'; reason: string };

const THROTTLING = new Set([429, 502, 503, 504]);

export function describeResult(result: AttemptResult): string {
  if (result.kind === 'error') return `${result.error}: ${result.message}`;
  if (result.status >= 300 && result.status < 400) return `HTTP ${result.status} (redirects are not followed)`;
  return `HTTP ${result.status}`;
}

/**
 * Decides after attempt `attempt` (1-based):
 * 1. success → delivered; 410 → disable the endpoint;
 * 2. no attempt left → give up (the message goes to the DLQ);
 * 3. throttled → the throttled delay; otherwise the scheduled delay.
 */
export function decideAfterAttempt(
  policy: RetryPolicy,
  attempt: number,
  result: AttemptResult,
  now: number,
  random: number,
): Decision {
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) return { action: 'delivered' };
  const reason = describeResult(result);
  if (result.kind === 'response' && result.status === 410) {
    return { action: 'disable_endpoint', reason: 'endpoint answered 410 Gone' };
  }
  const scheduled = scheduledDelay(policy, attempt, random);
  if (scheduled === undefined) return { action: 'give_up', reason: `${reason} on the last of ${attempt} attempts` };
  if (result.kind === 'response' && THROTTLING.has(result.status)) {
    const delaySeconds = throttledDelay(policy, scheduled, parseRetryAfter(result.retryAfter, now));
    return { action: 'retry', delaySeconds, reason };
  }
  return { action: 'retry', delaySeconds: scheduled, reason };
}
