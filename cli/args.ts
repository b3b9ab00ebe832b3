/**
 * Argument handling the `syndicate` commands share: node:util's parseArgs with
 * positionals and `--help`/`-h`; help goes to stdout (exit 0), a usage error to
 * stderr with the usage repeated (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit code of a command called wrongly (bad option, missing argument, unreadable input). */
export const usageErrorExit = 2;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
const helpOption = { help: { type: 'boolean', short: 'h', default: false } } as const;
type CommandConfig<O extends OptionsConfig> = { args: string[]; allowPositionals: true; options: O & typeof helpOption };
export type CommandArgs<O extends OptionsConfig> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

/** The parsed arguments, or the exit code when the command stops here (help shown, or a usage error). */
export function parseCommandArgs<const O extends OptionsConfig>(command: string, usage: string, argv: string[], options: O): CommandArgs<O> | number {
  let parsed: CommandArgs<O>;
  try {
    parsed = parseArgs<CommandConfig<O>>({ args: argv, allowPositionals: true, options: { ...options, ...helpOption } });
  } catch (error) {
    return usageError(command, `${(error as Error).message}\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Says what was wrong as `syndicate <command>: <message>` and returns the usage-error exit code. */
export function usageError(command: string, message: string): number {
  process.stderr.write(`syndicate ${command}: ${message.endsWith('\n') ? message : `${message}\n`}`);
  return usageErrorExit;
}

/** The usage alone on stderr (wrong number of positionals). */
export function usageOnly(usage: string): number {
  process.stderr.write(usage);
  return usageErrorExit;
}

/** The options of commands that call a running API. */
export const apiOptions = { api: { type: 'string' }, key: { type: 'string' } } as const;

/** Where those commands send requests, and with which key: the options, else the environment. */
export function apiTarget(values: { api?: string | undefined; key?: string | undefined }): { api: string; key: string | undefined } {
  return {
    api: (values.api ?? process.env.SYNDICATE_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    key: values.key ?? (process.env.SYNDICATE_API_KEY || undefined) ?? (process.env.SYNDICATE_ADMIN_KEY || undefined),
  };
}
