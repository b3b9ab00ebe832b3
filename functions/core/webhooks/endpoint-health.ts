/**
 * An endpoint's failure streak. Failing continuously for the policy's window
 * (5 days) disables it with an `endpoint.disabled` event; one success clears
 * the streak. The clock is an argument so the five days can pass in a test.
 */
import type { RetryPolicy } from './retry-policy.ts';

export interface EndpointHealth {
  /** Start of the current run of failures (ISO), absent while healthy. */
  failingSince?: string | undefined;
}

export interface EndpointDisabledEvent {
  type: 'endpoint.disabled';
  subscriptionId: string;
  at: string;
  reason: string;
}

export type HealthChange = { health: EndpointHealth; disabled?: EndpointDisabledEvent };

export function afterSuccess(): HealthChange {
  return { health: {} };
}

/**
 * 1. Start the streak at `now` if there was none.
 * 2. Disable when the streak has lasted the policy's window.
 */
export function afterFailure(subscriptionId: string, health: EndpointHealth, now: Date, policy: RetryPolicy): HealthChange {
  const since = health.failingSince ?? now.toISOString();
  const failingFor = (now.getTime() - Date.parse(since)) / 1000;
  const next: EndpointHealth = { failingSince: since };
  if (failingFor < policy.disableAfterSeconds) return { health: next };
  const days = Math.floor(failingFor / 86400);
  return {
    health: next,
    disabled: { type: 'endpoint.disabled', subscriptionId, at: now.toISOString(), reason: `failing continuously since ${since} (${days} days)` },
  };
}

/** 410 Gone: disabled at once. */
export function goneEvent(subscriptionId: string, now: Date): EndpointDisabledEvent {
  return { type: 'endpoint.disabled', subscriptionId, at: now.toISOString(), reason: 'endpoint answered 410 Gone' };
}
