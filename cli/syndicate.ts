/**
 * `npx syndicate <command>`: each command lives in `cli/commands/<command>.ts`
 * and exports `run(argv): Promise<number>` (the exit code), so adding a
 * command never touches this dispatcher.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      available().map(async (n) => {
        const cmd = (await import(join(commandsDir, `${n}.ts`))) as Command;
        return `  ${n.padEnd(13)} ${cmd.summary}`;
      }),
    );
    process.stdout.write(`usage: syndicate <command> [options]\n\ncommands:\n${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const file = join(commandsDir, `${name}.ts`);
  if (!/^[a-z-]+$/.test(name) || !existsSync(file)) {
    process.stderr.write(`syndicate: unknown command "${name}" (try: ${available().join(', ')})\n`);
    return 2;
  }
  const cmd = (await import(file)) as Command;
  return cmd.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
