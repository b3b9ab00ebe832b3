import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, type AttemptResult } from '#core/webhooks/attempt-outcome.ts';
import { defaultRetryPolicy } from '#core/webhooks/retry-policy.ts';

const now = Date.parse('2025-03-03T08:00:00Z');
const answer = (status: number, retryAfter?: string): AttemptResult => ({ kind: 'response', status, retryAfter, durationMs: 5, responsePrefix: '' });
const decide = (attempt: number, result: AttemptResult) => decideAfterAttempt(defaultRetryPolicy, attempt, result, now, 0);

describe('what an attempt means', () => {
  it('treats every 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(decide(1, answer(status))).toEqual({ action: 'delivered' });
  });

  it('disables the endpoint at once on 410 Gone, even on the first attempt', () => {
    expect(decide(1, answer(410))).toEqual({ action: 'disable_endpoint', reason: 'endpoint answered 410 Gone' });
  });

  it('counts a redirect as a failure that is retried, never followed', () => {
    expect(decide(1, answer(302))).toEqual({ action: 'retry', delaySeconds: 5, reason: 'HTTP 302 (redirects are not followed)' });
  });

  it('retries other errors, timeouts and connection failures on schedule', () => {
    expect(decide(3, answer(500))).toMatchObject({ action: 'retry', delaySeconds: 1800 });
    expect(decide(1, answer(400))).toMatchObject({ action: 'retry', delaySeconds: 5 });
    const timeout: AttemptResult = { kind: 'error', error: 'timeout', message: 'no answer within 15 s', durationMs: 15000 };
    expect(decide(2, timeout)).toEqual({ action: 'retry', delaySeconds: 300, reason: 'timeout: no answer within 15 s' });
    const dns: AttemptResult = { kind: 'error', error: 'dns', message: 'ENOTFOUND', durationMs: 1 };
    expect(decide(2, dns)).toMatchObject({ action: 'retry' });
  });

  it('backs off at least 60 s on throttling answers without Retry-After, and honours a Retry-After as sent up to twice the schedule', () => {
    for (const status of [429, 502, 503, 504]) expect(decide(1, answer(status))).toMatchObject({ action: 'retry', delaySeconds: 60 });
    expect(decide(2, answer(429, '400'))).toMatchObject({ delaySeconds: 400 });
    expect(decide(2, answer(503, '100000'))).toMatchObject({ delaySeconds: 600 });
    expect(decide(2, answer(503, 'Mon, 03 Mar 2025 08:07:30 GMT'))).toMatchObject({ delaySeconds: 450 });
    expect(decide(2, answer(503, '10'))).toMatchObject({ delaySeconds: 10 });
    expect(decide(1, answer(429, '1'))).toMatchObject({ delaySeconds: 1 });
    expect(decide(1, answer(429, '0'))).toMatchObject({ delaySeconds: 0 });
    expect(decide(2, answer(503, 'garbage'))).toMatchObject({ delaySeconds: 300 });
  });

  it('gives up after the last attempt', () => {
    expect(decide(10, answer(500))).toEqual({ action: 'give_up', reason: 'HTTP 500 on the last of 10 attempts' });
  });
});
