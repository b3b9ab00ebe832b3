/**
 * At least once across a crash, as a user would see it: `npm start`, four
 * partners verifying every request with `standardwebhooks` (two want
 * everything, one Syria, one Iraq), a few hundred articles published, the
 * runtime's whole process group killed with SIGKILL mid-run (DynamoDB Local
 * with it), a restart on the same data, the rest published. Every (partner,
 * matching accepted article) pair must arrive; a pair may arrive twice, but
 * only under the same webhook-id.
 *
 * The kill lands while fan-outs and deliveries are in flight, but a moment
 * after the last article write was answered: DynamoDB Local writes the stream
 * records of a transaction just after answering it, so a kill in that instant
 * can lose them (a limitation of the emulator; on AWS the stream record is as
 * durable as the write). Everything after the stream is what this test holds
 * to account: publish, the queue, the deliver loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devAdminKey } from '../../infra/local/env.ts';
import { freePort, npmStart, waitFor, waitHealthy, type StartedRuntime } from './support/npm-start.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';

const ARTICLES = 200;
const auth = { authorization: `Bearer ${devAdminKey}` };
const run = Date.now().toString(36);
const statusOf = new Map<string, string>();

interface Partner {
  receiver: Receiver;
  /** Tag filter; none: everything. */
  tag?: 'syria' | 'iraq';
}

const article = (i: number) => {
  const country = i % 2 === 0 ? 'Syria' : 'Iraq';
  return `OpsLens\n\nDrill ${i} of run ${run} logged by engineers in ${country}\n\nEngineers in ${country} logged drill number ${i} of run ${run} on a quiet morning.\n\nThe log for run ${run} lists drill ${i} as complete.\n`;
};

/**
 * Publishes the articles not yet answered, a few at a time, into `accepted` (id → tag ids); a worker stops
 * quietly when the runtime dies. An article without an answer counts as not accepted, as a publisher sees it,
 * and is sent again after the restart (the same content answers 200 with the same id if it was stored).
 */
async function publish(apiUrl: string, answered: Set<number>, accepted: Map<string, string[]>, upTo = ARTICLES): Promise<void> {
  const todo = Array.from({ length: upTo }, (_, i) => i).filter((i) => !answered.has(i));
  const worker = async () => {
    for (let i = todo.shift(); i !== undefined; i = todo.shift()) {
      const res = await fetch(`${apiUrl}/articles`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' }, body: article(i) }).catch(() => undefined);
      if (!res) return;
      const body = (await res.json().catch(() => ({}))) as { id?: string; tags?: Array<{ id: string }> };
      if ((res.status === 201 || res.status === 200) && body.id) {
        statusOf.set(body.id, `${res.status} ${i < ARTICLES / 2 ? 'before' : 'after'} the kill`);
        answered.add(i);
        accepted.set(body.id, (body.tags ?? []).map((t) => t.id));
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

let dataDir: string | undefined;
let runtime: StartedRuntime | undefined;
const partners: Partner[] = [];

afterAll(async () => {
  await runtime?.stop();
  await Promise.all(partners.map((p) => p.receiver.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const t0 = Date.now();
const trace = (what: string) => process.env.CRASH_TRACE && console.error(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

describe('npm start killed with SIGKILL mid-run', () => {
  it('delivers every (partner, matching article) pair after a restart, duplicates only under the same webhook-id', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'syndicate-crash-'));
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
    const answered = new Set<number>();
    const first = runtime;
    await publish(runtime.apiUrl, answered, accepted, ARTICLES / 2);
    // Half the articles acknowledged, their stream records written; fan-outs and deliveries still in flight.
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once('exit', () => resolve())));
    const beforeRestart = partners.map((p) => p.receiver.received.length);
    trace(`killed after ${accepted.size} articles, ${beforeRestart.join('+')} deliveries`);

    runtime = await npmStart({ port, dataDir, env });
    await waitHealthy(runtime);
    trace('restarted');
    await publish(runtime.apiUrl, answered, accepted);
    trace(`published ${accepted.size}`);

    const wants = (p: Partner, tags: string[]) => !p.tag || tags.includes(p.tag);
    const expected = partners.flatMap((p, n) => [...accepted].filter(([, tags]) => wants(p, tags)).map(([id]) => `${n} ${id}`));
    const arrived = () => new Set(partners.flatMap((p, n) => p.receiver.received.filter((w) => w.type === 'article.published').map((w) => `${n} ${w.data.id}`)));
    await waitFor('every pair at its partner', async () => (expected.every((pair) => arrived().has(pair)) ? true : undefined), 180_000, 250)
      .catch((error: unknown) => {
        const got = arrived();
        const missing = expected.filter((pair) => !got.has(pair));
        const articles = [...new Set(missing.map((pair) => pair.split(' ')[1]!))];
        throw new Error(`${String(error)}: ${missing.length} of ${expected.length} pairs missing, articles ${articles.map((id) => `${id} (${statusOf.get(id)})`).join(', ')}`);
      });

    expect(accepted.size).toBe(ARTICLES);
    expect(beforeRestart.some((n) => n > 0)).toBe(true);
    for (const { receiver } of partners) {
      expect(receiver.rejected).toBe(0);
      // One webhook-id per (partner, article event); a duplicate only ever repeats it.
      const idsByArticle = new Map<string, Set<string>>();
      for (const w of receiver.received) idsByArticle.set(`${w.type} ${w.data.id}`, (idsByArticle.get(`${w.type} ${w.data.id}`) ?? new Set()).add(w.webhookId));
      expect([...idsByArticle.values()].filter((ids) => ids.size > 1)).toEqual([]);
    }
  }, 600_000);
});
