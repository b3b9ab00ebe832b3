/**
 * `syndicate publishers list`: the publisher directory (GET /publishers, every page unless --limit caps
 * it), one line per publisher, against a running API with the admin key; `--json` prints the entries.
 *
 * `syndicate publishers backfill`: lists in that directory the publishers stored before it existed
 * (functions/adapters/publisher-directory-backfill.ts). Run it once after the first deploy that serves
 * `GET /publishers`, with credentials that may Scan the table (no Lambda may). Reads TABLE_NAME (and
 * the SDK's endpoint variables, to reach the local runtime). Idempotent.
 *
 * Exit codes: 0 done, 1 the API refused or could not be reached, 2 usage.
 */
import { documentClient } from '#commons/clients/dynamodb.ts';
import type { ListedPublisher } from '#core/publishers/listed-publisher.ts';
import { env } from '#infra/definitions.ts';
import { backfillPublisherDirectory } from '#adapters/publisher-directory-backfill.ts';
import { ApiRefused, readPages } from '../api-call.ts';
import { apiOptions, apiTarget, parseCommandArgs, usageError, usageOnly } from '../args.ts';

export const summary = 'publishers list | backfill: the registered publishers, or list those stored before the directory (once, after upgrading)';

const usage = `usage: syndicate publishers list [--limit N] [--json] [--api URL] [--key KEY]
       syndicate publishers backfill

list       one line per publisher: id, status, key id, key issued, name (every page, unless --limit caps it)
backfill   adds the publishers stored before the directory existed to it (TABLE_NAME; needs Scan on the table)

options:
  --api URL     the API (default $SYNDICATE_API_URL or http://127.0.0.1:3000)
  --key KEY     the admin key (default $SYNDICATE_API_KEY or $SYNDICATE_ADMIN_KEY)
  --json        print the entries as JSON instead of lines
`;

/** One line per publisher; two spaces between columns, the name last (it may hold spaces). */
export const publisherLine = (p: ListedPublisher): string => [p.id, p.status, p.keyId ?? '-', p.keyIssuedAt ?? '-', p.name].join('  ');

async function list(api: string, key: string, values: { limit?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const max = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(Number.isInteger(max) && max > 0) && max !== Number.POSITIVE_INFINITY) return usageError('publishers', '--limit takes a positive whole number');
  const shown = await readPages<ListedPublisher>(api, key, { path: '/publishers', field: 'publishers', pageLimit: 100 }, max);
  if (values.json) process.stdout.write(`${JSON.stringify({ publishers: shown }, null, 2)}\n`);
  else process.stdout.write(shown.length ? `${shown.map(publisherLine).join('\n')}\n` : 'no publishers\n');
  return 0;
}

async function backfill(): Promise<number> {
  const table = process.env[env.tableName];
  if (!table) return usageError('publishers', `${env.tableName} is not set`);
  const added = await backfillPublisherDirectory(documentClient(), table);
  process.stdout.write(`publishers: ${added.length} publisher(s) added to the directory${added.length ? ` (${added.join(', ')})` : ''}\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('publishers', usage, argv, { ...apiOptions, limit: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (rest.length !== 0 || (action !== 'list' && action !== 'backfill')) return usageOnly(usage);
  if (action === 'backfill') return backfill();
  const { api, key } = apiTarget(values);
  if (!key) return usageError('publishers', 'no key: pass --key KEY (or set SYNDICATE_API_KEY)');
  try {
    return await list(api, key, values);
  } catch (error) {
    if (!(error instanceof ApiRefused)) throw error;
    process.stderr.write(`syndicate publishers: ${error.message}\n`);
    return 1;
  }
}
