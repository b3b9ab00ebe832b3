/**
 * `npm start [-- --reset]`: the whole pipeline on this machine (see runtime.ts).
 * PORT (default 3000), SYNDICATE_ADMIN_KEY, WEBHOOK_RETRY_SCHEDULE,
 * SYNDICATE_PAGES_WINDOW_SECONDS (the page pass's window, default the deployed 60 s) and
 * SYNDICATE_LOCAL_DIR (default `.local/`) configure it. Ctrl-C or SIGTERM
 * stops every part, DynamoDB Local's Java process included.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { publishStream } from '#infra/definitions.ts';
import { banner } from './banner.ts';
import { adminKeyFrom, pagesWindowFrom } from './env.ts';
import { repoRoot } from './functions.ts';
import { startRuntime, type Runtime } from './runtime.ts';
import { isRunning, runtimeInfoPath } from './runtime-info.ts';
import { publishSamples } from './samples.ts';

// Before any SDK client exists (see env.ts for why the notice is off locally).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--reset' && a !== '--verbose');
if (unknown.length > 0) {
  console.error(`npm start: unknown option ${unknown.join(' ')} (known: --reset, --verbose)`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`npm start: PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}
let pagesWindowSeconds: number;
try {
  pagesWindowSeconds = pagesWindowFrom(process.env);
} catch (error) {
  console.error(`npm start: ${(error as Error).message}`);
  process.exit(2);
}
const configuredDir = process.env.SYNDICATE_LOCAL_DIR;
const dataDir = configuredDir ? (isAbsolute(configuredDir) ? configuredDir : resolve(configuredDir)) : join(repoRoot, '.local');
const log = (line: string) => console.error(`[local] ${line}`);

let runtime: Runtime | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) {
    log('stopping already; press Ctrl-C again to force');
    process.once('SIGINT', () => process.exit(130));
    return;
  }
  stopping = true;
  log('stopping...');
  await runtime?.stop();
  log('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
watchLaunchers(() => void shutdown(0));

/**
 * `npm start` runs us under npm → sh → tsx. A SIGTERM to npm ends npm and sh
 * but does not reach us (sh does not pass it on), which would orphan the
 * runtime and its Java process. So: when any of the processes that launched
 * us is gone, stop as if signalled. Linux exposes the ancestry in /proc;
 * elsewhere only the direct parent is watched.
 */
function watchLaunchers(onGone: () => void): void {
  const ancestors: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 3 && pid > 1; depth++) {
    ancestors.push(pid);
    try {
      pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    } catch {
      break;
    }
  }
  const alive = isRunning;
  setInterval(() => {
    if (!ancestors.every(alive)) onGone();
  }, 1000).unref();
}

/** Refuses to start beside another runtime on the same data, or on a port already taken, before starting anything. */
async function preflight(): Promise<string | undefined> {
  const infoFile = runtimeInfoPath(dataDir);
  if (existsSync(infoFile)) {
    const { pid } = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number };
    // A record of a runtime that did not stop cleanly is stale.
    if (isRunning(pid)) return `another local runtime (pid ${pid}) is using ${dataDir}; stop it first, or set SYNDICATE_LOCAL_DIR`;
  }
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolvePort(error.code === 'EADDRINUSE' ? `port ${port} is in use on 127.0.0.1: set PORT to another one` : error.message),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(undefined)));
  });
}

const refusal = await preflight();
if (refusal) {
  log(`could not start: ${refusal}`);
  process.exit(1);
}

try {
  const started = Date.now();
  runtime = await startRuntime({
    dataDir,
    port,
    reset: args.includes('--reset'),
    log,
    accessLog: args.includes('--verbose'),
    // The deployed default: a burst of articles renders each feed once per window, as on AWS.
    publishBatchingWindowSeconds: publishStream.maxBatchingWindowSeconds,
    // Listing pages gather a minute of batches, as deployed (SYNDICATE_PAGES_WINDOW_SECONDS shortens it).
    pagesBatchingWindowSeconds: pagesWindowSeconds,
  });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const samples = await publishSamples(runtime.info.apiUrl, adminKeyFrom(process.env), dataDir).catch((error: unknown) => {
    log(`sample articles not published: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  for (const s of samples ?? []) log(`sample ${s.file}: ${s.status}${s.id ? ` ${s.id}` : ''}${s.error ? ` (${s.error})` : ''}`);
  console.log(banner(runtime.info, dataDir));
} catch (error) {
  log(`could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await runtime?.stop();
  process.exit(1);
}
