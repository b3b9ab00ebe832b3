import { describe, expect, it } from 'vitest';
import { CircuitBreakers, InFlightLimit } from '#core/webhooks/circuit-breaker.ts';

describe('the per-endpoint circuit breaker', () => {
  it('opens after repeated failures, holds messages back, lets one probe through when half-open, closes on success', () => {
    let now = 0;
    const breakers = new CircuitBreakers({ failureThreshold: 3, openSeconds: 30 }, () => now);
    expect([breakers.record('a', false), breakers.record('a', false)]).toEqual([undefined, undefined]);
    expect(breakers.admit('a')).toEqual({ allowed: true });
    expect(breakers.record('a', false)).toBe('opened');
    expect(breakers.admit('a')).toEqual({ allowed: false, retryInSeconds: 30 });
    expect(breakers.admit('b')).toEqual({ allowed: true }); // other endpoints are not affected
    now = 30_000;
    expect(breakers.admit('a')).toEqual({ allowed: true }); // the probe
    expect(breakers.admit('a')).toEqual({ allowed: false, retryInSeconds: 1 }); // only one at a time
    expect(breakers.record('a', false)).toBeUndefined(); // probe failed: open again
    expect(breakers.admit('a')).toEqual({ allowed: false, retryInSeconds: 30 });
    now = 60_000;
    expect(breakers.admit('a')).toEqual({ allowed: true });
    expect(breakers.record('a', true)).toBe('closed');
    expect(breakers.admit('a')).toEqual({ allowed: true });
  });

  it('a success in between resets the count', () => {
    const breakers = new CircuitBreakers({ failureThreshold: 2, openSeconds: 30 }, () => 0);
    breakers.record('a', false);
    breakers.record('a', true);
    expect(breakers.record('a', false)).toBeUndefined();
  });
});

describe('the per-endpoint in-flight limit', () => {
  it('admits up to the limit per endpoint and frees a slot on release', () => {
    const limit = new InFlightLimit(2);
    expect([limit.tryAcquire('a'), limit.tryAcquire('a'), limit.tryAcquire('a'), limit.tryAcquire('b')]).toEqual([true, true, false, true]);
    limit.release('a');
    expect(limit.tryAcquire('a')).toBe(true);
  });
});
