/**
 * How many receives the deliveries queue allows before its redrive policy dead-letters a message,
 * computed from the retry schedule with the webhook core's own functions. Plain code (no aws-cdk-lib),
 * so the CDK construct (infra/constructs/deliveries.ts) and the local SQS emulator (infra/local/queues.ts)
 * size the queue the same way.
 */
import { DEFAULT_RETRY_SCHEDULE, defaultRetryPolicy, scheduledDelay, throttledDelay, type RetryPolicy } from '#core/webhooks/retry-policy.ts';

/**
 * Delays (seconds) between webhook attempts on AWS: the webhook core's default, exponential over
 * three days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h). Passed to the deliver Lambda as
 * `WEBHOOK_RETRY_SCHEDULE`, so the queue is sized from the very numbers the handler uses.
 */
export const deployedRetrySchedule: readonly number[] = DEFAULT_RETRY_SCHEDULE;

/** SQS refuses visibility timeouts above 12 hours. */
export const maxVisibilitySeconds = 43_200;
/**
 * Receives that are not attempts: a Lambda crash or timeout, or an unexpected error (a DynamoDB
 * throttle, say), before the handler set the message's visibility. Each costs one receive and six
 * minutes; ten of them lets a brief outage pass over a delivery without parking it.
 */
export const crashHeadroom = 10;

/**
 * The longest wait the deliver Lambda can choose after each failed attempt: full jitter, then a
 * throttling answer whose `Retry-After` asks for more than the policy grants (the policy caps it,
 * today at twice the scheduled delay).
 */
export function longestDelays(policy: RetryPolicy): number[] {
  return policy.schedule.map((_, index) => {
    const scheduled = scheduledDelay(policy, index + 1, 1) ?? 0; // random is drawn from [0, 1): 1 bounds it
    return Math.max(scheduled, throttledDelay(policy, scheduled, Number.POSITIVE_INFINITY));
  });
}

/**
 * How many times SQS may hand one delivery to the deliver Lambda over `delays`. A delay longer than
 * 12 h cannot be one visibility timeout: the handler receives the message early, sees it is not due
 * and hides it again, so such a delay costs ceil(delay / 12 h) receives. The first attempt is one more.
 */
export function receivesFor(delays: readonly number[]): number {
  return 1 + delays.reduce((sum, delay) => sum + Math.ceil(delay / maxVisibilitySeconds), 0);
}

/** The deliveries queue's `maxReceiveCount` for a retry schedule: every receive the worst case needs, plus crash headroom. */
export const deliveriesMaxReceiveCount = (schedule: readonly number[]): number =>
  receivesFor(longestDelays({ ...defaultRetryPolicy, schedule })) + crashHeadroom;
