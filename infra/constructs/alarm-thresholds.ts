import { Duration } from 'aws-cdk-lib';

/**
 * Thresholds of the alarms that watch lag, throttling and server errors (infra/constructs/monitoring.ts),
 * each with the reason for its number. Alarms on counts use a 5-minute Sum and fire on the first one.
 */
export const alarmThresholds = {
  /**
   * Publish's stream mapping: a new article should reach feeds and webhooks within seconds (2 s
   * batching window). Two minutes behind for five minutes running means a stuck or failing batch, long
   * before the stream's 24-hour retention would drop records. IteratorAge is in milliseconds.
   */
  publishIteratorAge: { maxAge: Duration.minutes(2), period: Duration.minutes(1), evaluationPeriods: 5 },
  /**
   * The deliveries queue holds a retried delivery in flight until its next attempt, and
   * ApproximateAgeOfOldestMessage counts in-flight messages, but SQS stops counting a message once it
   * has been received three times. So a delivery still counted has waited at most its first two
   * retry delays (at their longest, jittered and throttled: 60 s + 12 min in the deployed schedule,
   * infra/deliveries-redrive.ts): half an hour is a backlog, not a retry (the test checks the margin).
   */
  deliveriesOldestMessage: { maxAge: Duration.minutes(30), period: Duration.minutes(5), evaluationPeriods: 1 },
  /**
   * The pages queue: a message waits the page window (60 s deployed, 300 s at most) and then one pass;
   * a failed pass is seen again after the visibility timeout (6 x publish's 120 s). Fifteen minutes is
   * a second failed pass, or a pass that cannot keep up: the listing pages lag their feeds.
   */
  pagesOldestMessage: { maxAge: Duration.minutes(15), period: Duration.minutes(5), evaluationPeriods: 1 },
  dynamoThrottles: { period: Duration.minutes(5) },
  api5xx: { period: Duration.minutes(5) },
  /**
   * CloudFront's 5xx share of viewer requests, averaged over 5 minutes, for 10 minutes running: one
   * failed origin fetch among a handful of requests is noise, a sustained share is an outage.
   */
  cdn5xxRate: { percent: 5, period: Duration.minutes(5), evaluationPeriods: 2 },
} as const;
