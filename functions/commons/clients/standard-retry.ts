/**
 * The AWS SDK's "standard" retry mode, as the pinned SDK implements it (`@smithy/core/retry`,
 * StandardRetryStrategy with its 2026 settings), for our signed requests: which failures are worth
 * another attempt, how long to wait (full jitter, exponential, 20 s at most), and a retry capacity
 * that a run of failures drains so a struggling service is not hammered. Restated rather than
 * imported: the SDK's module brings its retry middleware and rate limiter along (7 KB of every bundle).
 */

/** Error names the SDK treats as throttling (its `THROTTLING_ERROR_CODES`). */
const throttlingCodes = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'TransactionInProgressException',
]);
/** Transient, by error name, by Node's network error code, and by HTTP status (its `TRANSIENT_*` lists). */
const transientCodes = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const transientNetworkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const transientStatuses = new Set([500, 502, 503, 504]);

export type RetryableKind = 'THROTTLING' | 'TRANSIENT';

/** A failure as the classification reads it: the AWS error code (or JS error name), a Node error code, the HTTP status. */
export interface FailureShape {
  name?: string;
  code?: string;
  status?: number;
}

export function retryableKind({ name = '', code = '', status }: FailureShape): RetryableKind | undefined {
  if (status === 429 || throttlingCodes.has(name)) return 'THROTTLING';
  if (transientCodes.has(name) || transientNetworkCodes.has(code) || (status !== undefined && transientStatuses.has(status))) return 'TRANSIENT';
  return undefined;
}

const initialCapacity = 500;
const maximumDelayMs = 20_000;
const settings = {
  THROTTLING: { baseDelayMs: 1_000, cost: 5 },
  TRANSIENT: { baseDelayMs: 50, cost: 14 },
} as const;

/** The wait before retry number `retry` (0 for the first), given a random number in [0, 1). */
export const backoffMs = (kind: RetryableKind, retry: number, random: number): number =>
  Math.floor(random * Math.min(settings[kind].baseDelayMs * 2 ** retry, maximumDelayMs));

/** One per client, as the SDK keeps one strategy per client: the capacity is shared by its calls. */
export class RetryCapacity {
  private capacity = initialCapacity;

  constructor(readonly maxAttempts: number) {}

  /**
   * The wait before another attempt after `attempts` attempts failed with this kind of failure, taking
   * its cost from the capacity; undefined when it is not to be retried.
   */
  nextDelay(kind: RetryableKind | undefined, attempts: number, random = Math.random()): { delayMs: number; cost: number } | undefined {
    if (!kind || attempts >= this.maxAttempts) return undefined;
    const { cost } = settings[kind];
    if (this.capacity < cost) return undefined;
    this.capacity -= cost;
    return { delayMs: backoffMs(kind, attempts - 1, random), cost };
  }

  /** A call succeeded: the cost of its last retry comes back, or 1 when it needed none (as the SDK's token does). */
  recordSuccess(lastRetryCost?: number): void {
    this.capacity = Math.min(initialCapacity, this.capacity + (lastRetryCost ?? 1));
  }

  get available(): number {
    return this.capacity;
  }
}
