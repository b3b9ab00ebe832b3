/**
 * The crash scenario, shared by test/local/crash.test.ts (which asserts on it)
 * and the webhooks bench (which reports `webhooks.crashLostDeliveries` from
 * it): `npm start`, four partners verifying every request with
 * `standardwebhooks` (two want everything, one Syria, one Iraq), half the
 * articles published, the runtime's whole process group killed with SIGKILL
 * (DynamoDB Local with it), a restart on the same data, the rest published,
 * then a wait until every (partner, matching accepted article) pair arrived or
 * the time is up.
 *
 * `pauseBeforeKillMs`: DynamoDB Local writes the stream records of a
 * transaction just after answering it, so a kill in that instant can lose them
 * (a limitation of the emulator; on AWS the stream record is as durable as the
 * write). With a pause, everything after the stream is what is held to
 * account: publish, the queue, the deliver loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAdminKey } from '../../../infra/local/env.ts';
import { freePort, npmStart, waitFor, waitHealthy, type StartedRuntime } from './npm-start.ts';
import { startReceiver, type Receiver } from './receiver.ts';

export interface CrashOptions {
  articles: number;
  pauseBeforeKillMs: number;
  /** How long to wait after the last publish for the pairs to arrive. */
  arrivalTimeoutMs: number;
  trace?: (what: string) => void;
  /** Each runtime's output (stdout and stderr) once it has ended: 'killed', then 'restarted'. */
  onOutput?: (runtime: 'killed' | 'restarted', output: string) => void;
  /** Looks at the restarted runtime after the wait, before it is stopped (how a loss is traced). */
  inspect?: (runtime: StartedRuntime, missing: string[]) => Promise<void>;
}

export interface CrashOutcome {
  /** Articles acknowledged (201 or 200), by id, with how they were answered. */
  accepted: Map<string, string>;
  expectedPairs: number;
  /** `partner article` pairs that never arrived, with the article's answer. */
  missing: string[];
  /** Requests some partner received before the kill, per partner. */
  beforeKill: number[];
  /** Article events a partner received under more than one webhook-id. */
  underSeveralIds: string[];
  /** Requests a partner could not verify. */
  rejected: number;
  /** Publish answers other than 200/201, by status (a 409, 429 or 5xx is sent again). */
  refused: Map<number, number>;
}

interface Partner {
  receiver: Receiver;
  /** Tag filter; none: everything. */
  tag?: 'syria' | 'iraq';
}

const auth = { authorization: `Bearer ${devAdminKey}` };

const article = (run: string, i: number) => {
  const country = i % 2 === 0 ? 'Syria' : 'Iraq';
  return `OpsLens\n\nDrill ${i} of run ${run} logged by engineers in ${country}\n\nEngineers in ${country} logged drill number ${i} of run ${run} on a quiet morning.\n\nThe log for run ${run} lists drill ${i} as complete.\n`;
};

/**
 * Publishes the articles not yet answered, a few at a time, into `accepted` (id → tag ids); a worker stops
 * quietly when the runtime dies. An article without an answer counts as not accepted, as a publisher sees it,
 * and is sent again after the restart (the same content answers 200 with the same id if it was stored).
 */
async function publish(
  apiUrl: string, run: string, total: number, answered: Set<number>, accepted: Map<string, string[]>, statusOf: Map<string, string>, upTo: number,
  refused: Map<number, number>,
): Promise<void> {
  const todo = Array.from({ length: upTo }, (_, i) => i).filter((i) => !answered.has(i));
  const worker = async () => {
    for (let i = todo.shift(); i !== undefined; i = todo.shift()) {
      // A publisher sends again after a 409 (a write conflict with a concurrent article), 429 or 5xx; five tries.
      for (let attempt = 0; attempt < 5; attempt++) {
        const res = await fetch(`${apiUrl}/articles`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' }, body: article(run, i) }).catch(() => undefined);
        if (!res) return;
        const body = (await res.json().catch(() => ({}))) as { id?: string; tags?: Array<{ id: string }> };
        if ((res.status === 201 || res.status === 200) && body.id) {
          statusOf.set(body.id, `${res.status} ${i < total / 2 ? 'before' : 'after'} the kill`);
          answered.add(i);
          accepted.set(body.id, (body.tags ?? []).map((t) => t.id));
          break;
        }
        refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
        if (res.status !== 409 && res.status !== 429 && res.status < 500) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

export async function runCrashScenario(options: CrashOptions): Promise<CrashOutcome> {
  const trace = options.trace ?? (() => undefined);
  const run = Date.now().toString(36);
  const dataDir = mkdtempSync(join(tmpdir(), 'syndicate-crash-'));
  const partners: Partner[] = [];
  let runtime: StartedRuntime | undefined;
  let restarted = false;
  try {
    const port = await freePort();
    // A short retry schedule: a delivery interrupted by the kill is retried within seconds.
    const env = { WEBHOOK_RETRY_SCHEDULE: '1,1,1,2,2,3,3' };
    runtime = await npmStart({ port, dataDir, env });
    await waitHealthy(runtime);
    trace('healthy');

    for (const tag of [undefined, undefined, 'syria', 'iraq'] as const) {
      const receiver = await startReceiver();
      const res = await fetch(`${runtime.apiUrl}/subscriptions`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, ...(tag ? { tags: [tag] } : {}) }),
      });
      receiver.secret = ((await res.json()) as { secret: string }).secret;
      partners.push({ receiver, ...(tag ? { tag } : {}) });
    }

    const accepted = new Map<string, string[]>();
    const statusOf = new Map<string, string>();
    const answered = new Set<number>();
    const refused = new Map<number, number>();
    const first = runtime;
    await publish(runtime.apiUrl, run, options.articles, answered, accepted, statusOf, options.articles / 2, refused);
    // Half the articles acknowledged; fan-outs and deliveries still in flight.
    if (options.pauseBeforeKillMs > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseBeforeKillMs));
    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once('exit', () => resolve())));
    options.onOutput?.('killed', first.output());
    const beforeKill = partners.map((p) => p.receiver.received.length);
    trace(`killed after ${accepted.size} articles, ${beforeKill.join('+')} deliveries`);

    runtime = await npmStart({ port, dataDir, env });
    restarted = true;
    await waitHealthy(runtime);
    trace('restarted');
    await publish(runtime.apiUrl, run, options.articles, answered, accepted, statusOf, options.articles, refused);
    trace(`published ${accepted.size}`);

    const wants = (p: Partner, tags: string[]) => !p.tag || tags.includes(p.tag);
    const expected = partners.flatMap((p, n) => [...accepted].filter(([, tags]) => wants(p, tags)).map(([id]) => `${n} ${id}`));
    const arrived = () => new Set(partners.flatMap((p, n) => p.receiver.received.filter((w) => w.type === 'article.published').map((w) => `${n} ${w.data.id}`)));
    await waitFor('every pair at its partner', async () => (expected.every((pair) => arrived().has(pair)) ? true : undefined), options.arrivalTimeoutMs, 250)
      .catch(() => undefined);
    const got = arrived();
    await options.inspect?.(runtime, expected.filter((pair) => !got.has(pair)));
    const underSeveralIds: string[] = [];
    for (const { receiver } of partners) {
      const idsByEvent = new Map<string, Set<string>>();
      for (const w of receiver.received) idsByEvent.set(`${w.type} ${w.data.id}`, (idsByEvent.get(`${w.type} ${w.data.id}`) ?? new Set()).add(w.webhookId));
      underSeveralIds.push(...[...idsByEvent].filter(([, ids]) => ids.size > 1).map(([event]) => event));
    }
    return {
      accepted: new Map([...accepted.keys()].map((id) => [id, statusOf.get(id) ?? ''])),
      expectedPairs: expected.length,
      missing: expected.filter((pair) => !got.has(pair)).map((pair) => `${pair} (${statusOf.get(pair.split(' ')[1]!)})`),
      beforeKill,
      underSeveralIds,
      rejected: partners.reduce((n, p) => n + p.receiver.rejected, 0),
      refused,
    };
  } finally {
    await runtime?.stop();
    if (runtime && restarted) options.onOutput?.('restarted', runtime.output());
    await Promise.all(partners.map((p) => p.receiver.close()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
