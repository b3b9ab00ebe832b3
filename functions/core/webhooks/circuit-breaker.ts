/**
 * One circuit breaker per endpoint, so an endpoint that keeps failing or
 * timing out stops costing attempts (and deliver slots) at all:
 * - closed: attempts go through; `failureThreshold` failures in a row open it;
 * - open: messages are held back without an attempt until `openSeconds` pass;
 * - half-open: one probe goes through; success closes, failure opens again.
 * Pure state over an injected clock; the deliver handler keeps one set per
 * container, and stores an opening on the subscription (OpenCircuit) so the
 * other containers hold the endpoint back too once they read it.
 */
export interface BreakerPolicy {
  failureThreshold: number;
  openSeconds: number;
}

/**
 * An open circuit as stored on the subscription, so other containers hold the endpoint's messages
 * back too and the stats route can show it: when it opened, until when it stays open, and why.
 */
export interface OpenCircuit {
  state: 'open';
  openedAt: string;
  until: string;
  lastError?: string | undefined;
}

/** Seconds until a stored open circuit lets a probe through, or 0 when it no longer holds anything back. */
export function heldBySharedCircuit(circuit: OpenCircuit | undefined, now: number): number {
  if (!circuit) return 0;
  const wait = Date.parse(circuit.until) - now;
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

export const defaultBreakerPolicy: BreakerPolicy = { failureThreshold: 5, openSeconds: 30 };

type State = { kind: 'closed'; failures: number } | { kind: 'open'; until: number } | { kind: 'half_open'; probing: boolean };

export type Admission = { allowed: true } | { allowed: false; retryInSeconds: number };

export class CircuitBreakers {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly policy: BreakerPolicy = defaultBreakerPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  admit(key: string): Admission {
    const state = this.states.get(key);
    if (!state || state.kind === 'closed') return { allowed: true };
    if (state.kind === 'open') {
      const wait = state.until - this.now();
      if (wait > 0) return { allowed: false, retryInSeconds: Math.ceil(wait / 1000) };
      this.states.set(key, { kind: 'half_open', probing: true });
      return { allowed: true };
    }
    if (state.probing) return { allowed: false, retryInSeconds: 1 };
    state.probing = true;
    return { allowed: true };
  }

  /** When an open circuit lets its next probe through (epoch ms); undefined when it is not open. */
  openUntil(key: string): number | undefined {
    const state = this.states.get(key);
    return state?.kind === 'open' ? state.until : undefined;
  }

  /** Records an attempt's outcome; says when the circuit changed state. */
  record(key: string, ok: boolean): 'opened' | 'closed' | undefined {
    const state = this.states.get(key) ?? { kind: 'closed', failures: 0 };
    if (ok) {
      this.states.delete(key);
      return state.kind === 'closed' ? undefined : 'closed';
    }
    const failures = state.kind === 'closed' ? state.failures + 1 : this.policy.failureThreshold;
    if (failures < this.policy.failureThreshold) {
      this.states.set(key, { kind: 'closed', failures });
      return undefined;
    }
    this.states.set(key, { kind: 'open', until: this.now() + this.policy.openSeconds * 1000 });
    // Only the first opening is news; a failed probe just keeps it open.
    return state.kind === 'closed' ? 'opened' : undefined;
  }
}

/** At most `limit` deliveries in flight per endpoint in one container: a slow endpoint cannot take every slot. */
export class InFlightLimit {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  tryAcquire(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.limit) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}
