import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from '#core/webhooks/circuit-breaker.ts';
import { deliveryStats, derivedCircuit, percentile } from '#core/webhooks/delivery-stats.ts';
import { testEventType, testPayload } from '#core/webhooks/test-event.ts';
import { serialisePayload } from '#core/webhooks/payload.ts';

const now = new Date('2024-05-01T12:30:00.000Z');
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();

describe('delivery stats', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });

  it('derives the circuit as a breaker that saw every attempt would hold it', () => {
    const history = [true, false, false, false, false, false].map((delivered, i) => ({ at: at(20 - i), delivered }));
    // The same history played into the real breaker, on the same clock.
    let clock = 0;
    const breakers = new CircuitBreakers(undefined, () => clock);
    for (const h of history) {
      clock = Date.parse(h.at);
      breakers.record('s', h.delivered);
    }
    clock = now.getTime();
    const derived = derivedCircuit(history, now);
    expect(derived).toMatchObject({ state: 'open', failuresInARow: 5 });
    expect(breakers.admit('s').allowed).toBe(false);
    expect(derivedCircuit(history, new Date(Date.parse(derived.openUntil!) + 1)).state).toBe('half_open');
    expect(derivedCircuit([...history, { at: at(1), delivered: true }], now)).toEqual({ state: 'closed', failuresInARow: 0, source: 'derived' });
  });

  it('counts the window per hour, leaving test events and older attempts out', () => {
    const stats = deliveryStats(
      [
        { at: at(30), outcome: 'delivered', durationMs: 10, deliveryId: 'a' },
        { at: at(3600 + 30), outcome: 'retry', durationMs: 20, deliveryId: 'b', status: 500 },
        { at: at(40), outcome: 'give_up', durationMs: 5, deliveryId: 't', test: true },
        { at: at(25 * 3600), outcome: 'give_up', durationMs: 5, deliveryId: 'old' },
      ],
      now,
    );
    expect(stats).toMatchObject({ attempts: 2, delivered: 1, failed: 1, successRate: 0.5, lastError: { deliveryId: 'b', error: 'HTTP 500' } });
    expect(stats.hourly.at(-1)).toEqual({ start: '2024-05-01T12:00:00.000Z', delivered: 1, failed: 0 });
    expect(stats.hourly.at(-2)).toEqual({ start: '2024-05-01T11:00:00.000Z', delivered: 0, failed: 1 });
  });
});

describe('test events', () => {
  it('pick a type the subscription takes and are marked as tests', () => {
    expect(testEventType(undefined, [])).toBe('article.published');
    expect(testEventType(undefined, ['article.withdrawn'])).toBe('article.withdrawn');
    expect(testEventType('article.updated', [])).toBe('article.updated');
    expect(testEventType('article.updated', ['article.withdrawn'])).toEqual({ refused: 'event: this subscription takes only article.withdrawn' });
    const body = JSON.parse(serialisePayload(testPayload('article.withdrawn', now, 'http://127.0.0.1:3000/')));
    expect(body).toMatchObject({ type: 'article.withdrawn', timestamp: now.toISOString(), data: { test: true, status: 'withdrawn', withdrawnAt: now.toISOString(), links: { json: 'http://127.0.0.1:3000/articles/art_test_example' } } });
  });
});
