/**
 * s3rver in a child process of its own (s3rver-child.ts), for runs that measure this process's CPU time
 * as the handlers' (the cost run, bench/cost/measure.ts): in-process, s3rver's request parsing, its store
 * and its file calls were about 40 % of the CPU charged to publish, work Lambda never pays for. The
 * handlers reach s3rver over loopback HTTP either way; its object events come over the IPC channel and
 * are emitted again here, so the inbox watcher works the same. An event then arrives a moment after the
 * PUT that caused it has been answered, not before, which is closer to S3's own notifications.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { S3rverChildMessage } from './s3rver-child.ts';

export interface S3rverProcess {
  port: number;
  /** s3rver's object events, as `LocalServices.objectEvents`. */
  events: EventEmitter;
  pid: number;
  /** Disconnects the child, which closes s3rver and exits; waits for the exit. Safe to call twice. */
  close(): Promise<void>;
}

/** The child is TypeScript: it runs with tsx's loader, whatever loader (tsx, vitest) runs this process. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const childEntry = fileURLToPath(new URL('./s3rver-child.ts', import.meta.url));

export async function startS3rverProcess(directory: string, startupMs = 30_000): Promise<S3rverProcess> {
  const child = fork(childEntry, [directory], { execArgv: ['--import', tsxLoader], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const events = new EventEmitter();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    })());
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver's child process did not listen within ${startupMs} ms`)), startupMs);
      child.once('exit', (code, signal) => reject(new Error(`s3rver's child process exited (code ${code}, signal ${signal})`)));
      child.on('message', (message: S3rverChildMessage) => {
        if ('event' in message) events.emit('event', message.event);
        else if ('ready' in message) resolve(message.ready);
        else reject(new Error(`s3rver did not start: ${message.failed}`));
        if (!('event' in message)) clearTimeout(timer);
      });
    });
    return { port, events, pid: child.pid!, close };
  } catch (error) {
    await close();
    throw error;
  }
}
