/**
 * `syndicate invoke FUNCTION EVENT.json`: runs one handler on one event
 * against the services of a running `npm start`, as `sam local invoke` does.
 * 1. read the runtime's endpoints from its data folder (runtime.json);
 * 2. give this process the handlers' environment (the same as the runtime's);
 * 3. import the handler, invoke it with a Lambda context and the function's timeout;
 * 4. print the result as JSON; exit 1 when the handler threw.
 */
import { loadOrCreateSecretsKey } from '../../infra/local/secrets-key.ts';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { handlerEnvironment } from '../../infra/local/env.ts';
import { functionNames, functionTimeouts, loadHandler, repoRoot, type LocalFunctionName } from '../../infra/local/functions.ts';
import { invokeLambda } from '../../infra/local/lambda/context.ts';
import { isRunning, runtimeInfoPath, type RuntimeInfo } from '../../infra/local/runtime-info.ts';
import { parseCommandArgs, usageError, usageOnly } from '../args.ts';

export const summary = 'invoke ingest|publish|deliver|subscriptions EVENT.json: run one handler on a sample event against `npm start`';

const usage = `usage: syndicate invoke FUNCTION EVENT.json
       syndicate invoke --env

Runs one function's handler on the event in EVENT.json (samples in events/)
against the DynamoDB, S3 and SQS of a running \`npm start\`, and prints what
it returned. FUNCTION is one of: ${functionNames.join(', ')}.
--env prints the handlers' environment as shell exports instead, so other
commands reach the same services: eval "$(npx syndicate invoke --env)".
The runtime's folder is .local/ unless SYNDICATE_LOCAL_DIR says otherwise.
`;

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

function dataDir(): string {
  const configured = process.env.SYNDICATE_LOCAL_DIR;
  return configured ? (isAbsolute(configured) ? configured : resolve(configured)) : join(repoRoot, '.local');
}

const alive = isRunning;

/** The running runtime's endpoints, or a message saying how to start one. */
export function readRuntimeInfo(dir: string): RuntimeInfo | string {
  const file = runtimeInfoPath(dir);
  if (!existsSync(file)) return `no local runtime is running (no ${file}): start one with \`npm start\` first`;
  const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
  if (!alive(info.pid)) return `the local runtime recorded in ${file} (pid ${info.pid}) is not running: start it with \`npm start\``;
  return info;
}

/** The handlers' environment as the running server has it: its recorded settings win over this shell's. */
function serverEnvironment(info: RuntimeInfo): Record<string, string> {
  const current = { ...process.env, ...info.settings };
  return handlerEnvironment({ ...info, webhookSecretsKey: loadOrCreateSecretsKey(dataDir()) }, current);
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('invoke', usage, argv, { env: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  if (parsed.values.env) {
    const info = readRuntimeInfo(dataDir());
    if (typeof info === 'string') return usageError('invoke', info);
    const exports = Object.entries(serverEnvironment(info)).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
    process.stdout.write(`${exports.join('\n')}\n`);
    return 0;
  }
  const [name, eventFile, ...extra] = parsed.positionals;
  if (!name || !eventFile || extra.length > 0) return usageOnly(usage);
  if (!(functionNames as readonly string[]).includes(name)) {
    return usageError('invoke', `unknown function "${name}" (one of: ${functionNames.join(', ')})`);
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventFile, 'utf8'));
  } catch (error) {
    return usageError('invoke', `cannot read ${eventFile} as JSON: ${(error as Error).message}`);
  }
  const info = readRuntimeInfo(dataDir());
  if (typeof info === 'string') return usageError('invoke', info);
  Object.assign(process.env, serverEnvironment(info));
  const fn = name as LocalFunctionName;
  try {
    const result = await invokeLambda(fn, await loadHandler<unknown>(fn), event, functionTimeouts[fn]);
    process.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`syndicate invoke: ${fn} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
