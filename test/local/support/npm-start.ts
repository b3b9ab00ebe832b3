/**
 * Runs `npm start` as a user does: a child process in its own process group
 * (as a terminal runs it), stopped with SIGINT to the group (Ctrl-C).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RuntimeInfo } from '../../../infra/local/runtime-info.ts';
import { repoRoot } from '../../support/shared.ts';

export interface StartedRuntime {
  child: ChildProcess;
  apiUrl: string;
  output: () => string;
  info: () => RuntimeInfo;
  /** Ctrl-C, then waits for the process to exit; returns how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function npmStart(options: { port: number; dataDir: string; args?: string[]; env?: Record<string, string> }): Promise<StartedRuntime> {
  const chunks: string[] = [];
  const child = spawn('npm', ['start', ...(options.args?.length ? ['--', ...options.args] : [])], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, PORT: String(options.port), SYNDICATE_LOCAL_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => chunks.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const apiUrl = `http://127.0.0.1:${options.port}`;
  const started: StartedRuntime = {
    child,
    apiUrl,
    output: () => chunks.join(''),
    info: () => JSON.parse(readFileSync(join(options.dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo,
    async stop() {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
  return started;
}

/** Waits until /health answers 200; fails at once, with the runtime's output, if the process dies. */
export async function waitHealthy(runtime: StartedRuntime, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastBody = '';
  for (;;) {
    if (runtime.child.exitCode !== null) throw new Error(`npm start exited with ${runtime.child.exitCode}:\n${runtime.output()}`);
    const res = await fetch(`${runtime.apiUrl}/health`).catch(() => undefined);
    lastBody = res ? await res.text() : '';
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`no healthy /health after ${timeoutMs} ms; last: ${lastBody}\n${runtime.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
