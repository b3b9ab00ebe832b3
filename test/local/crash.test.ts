/**
 * At least once across a crash, as a user would see it (the scenario is in
 * support/crash-scenario.ts, which the webhooks bench runs too): `npm start`,
 * four partners verifying every request with `standardwebhooks`, a few
 * hundred articles published, the runtime's whole process group killed with
 * SIGKILL mid-run, a restart on the same data, the rest published. Every
 * (partner, matching accepted article) pair must arrive; a pair may arrive
 * twice, but only under the same webhook-id.
 */
import { describe, expect, it } from 'vitest';
import { runCrashScenario } from './support/crash-scenario.ts';
import { inspectMissing } from './support/crash-inspect.ts';

const ARTICLES = 200;
const t0 = Date.now();
const trace = (what: string) => process.env.CRASH_TRACE && console.error(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

describe('npm start killed with SIGKILL mid-run', () => {
  it('delivers every (partner, matching article) pair after a restart, duplicates only under the same webhook-id', async () => {
    let restartedOutput = '';
    let report = '';
    const outcome = await runCrashScenario({
      articles: ARTICLES, pauseBeforeKillMs: 500, arrivalTimeoutMs: 180_000, trace,
      // A missing pair is told with its delivery's state, the queues and what the restarted runtime said.
      inspect: async (runtime, missing) => void (report = await inspectMissing(runtime, missing).catch((error: unknown) => `not inspected: ${String(error)}`)),
      onOutput: (runtime, output) => void (runtime === 'restarted' && (restartedOutput = output)),
    });
    expect(outcome.missing, `${report}\nrestarted runtime's output (last 4000 characters):\n${restartedOutput.slice(-4000)}`).toEqual([]);
    // Articles the API refused (only ever a write conflict, 429 or 5xx on a machine too busy, after five tries) are expected nowhere.
    const refused = JSON.stringify(Object.fromEntries(outcome.refused));
    expect([...outcome.refused.keys()].every((status) => status >= 500 || status === 429 || status === 409), refused).toBe(true);
    expect(outcome.accepted.size, refused).toBeGreaterThanOrEqual(ARTICLES * 0.9);
    expect(outcome.expectedPairs).toBeGreaterThan(0);
    expect(outcome.beforeKill.some((n) => n > 0)).toBe(true);
    expect(outcome.rejected).toBe(0);
    // One webhook-id per (partner, article event); a duplicate only ever repeats it.
    expect(outcome.underSeveralIds).toEqual([]);
  }, 600_000);
});
