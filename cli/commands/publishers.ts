/**
 * `syndicate publishers backfill`: lists in the publisher directory (`GET /publishers`) the publishers
 * stored before it existed (functions/adapters/publisher-directory-backfill.ts). Run it once after the
 * first deploy that serves `GET /publishers`, with credentials that may Scan the table (no Lambda may).
 * Reads TABLE_NAME (and the SDK's endpoint variables, to reach the local runtime). Idempotent.
 */
import { documentClient } from '#commons/clients/dynamodb.ts';
import { env } from '#infra/definitions.ts';
import { backfillPublisherDirectory } from '#adapters/publisher-directory-backfill.ts';

export const summary = 'backfill: list the publishers stored before the publisher directory (once, after upgrading)';

export async function run(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] !== 'backfill') {
    process.stderr.write('usage: syndicate publishers backfill   (the table comes from TABLE_NAME)\n');
    return 2;
  }
  const table = process.env[env.tableName];
  if (!table) {
    process.stderr.write(`publishers: ${env.tableName} is not set\n`);
    return 2;
  }
  const added = await backfillPublisherDirectory(documentClient(), table);
  process.stdout.write(`publishers: ${added.length} publisher(s) added to the directory${added.length ? ` (${added.join(', ')})` : ''}\n`);
  return 0;
}
