import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, goneEvent } from '#core/webhooks/endpoint-health.ts';
import { defaultRetryPolicy } from '#core/webhooks/retry-policy.ts';

const day = 24 * 3600 * 1000;
const start = new Date('2025-03-01T00:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * day);

describe('endpoint health', () => {
  it('starts a failure streak at the first failure and keeps its start', () => {
    const first = afterFailure('sub_1', {}, start, defaultRetryPolicy);
    expect(first).toEqual({ health: { failingSince: start.toISOString() } });
    expect(afterFailure('sub_1', first.health, at(2), defaultRetryPolicy).health.failingSince).toBe(start.toISOString());
  });

  it('disables after five days of continuous failure with an endpoint.disabled event', () => {
    const health = { failingSince: start.toISOString() };
    expect(afterFailure('sub_1', health, at(4.99), defaultRetryPolicy).disabled).toBeUndefined();
    expect(afterFailure('sub_1', health, at(5), defaultRetryPolicy).disabled).toEqual({
      type: 'endpoint.disabled', subscriptionId: 'sub_1', at: at(5).toISOString(), reason: `failing continuously since ${start.toISOString()} (5 days)`,
    });
  });

  it('forgets the streak after one success', () => {
    expect(afterSuccess()).toEqual({ health: {} });
    const fresh = afterFailure('sub_1', afterSuccess().health, at(6), defaultRetryPolicy);
    expect(fresh).toEqual({ health: { failingSince: at(6).toISOString() } });
  });

  it('records 410 as its own reason', () => {
    expect(goneEvent('sub_1', start)).toMatchObject({ type: 'endpoint.disabled', reason: 'endpoint answered 410 Gone' });
  });
});
