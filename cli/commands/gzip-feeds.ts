/**
 * `syndicate gzip-feeds`: stores the gzip twin of every Atom and JSON Feed
 * file in the bucket that has none yet (functions/publish/backfill-gzip-twins.ts).
 * Run it once after the first deploy that serves twins. Reads BUCKET_NAME
 * (and the SDK's endpoint variables, to reach the local runtime).
 */
import { s3Client } from '#commons/clients/s3.ts';
import { env } from '#infra/definitions.ts';
import { backfillGzipTwins } from '../../functions/publish/backfill-gzip-twins.ts';

export const summary = 'store the missing gzip twins of Atom and JSON Feed files (once, after upgrading)';

export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write('gzip-feeds: takes no arguments (the bucket comes from BUCKET_NAME)\n');
    return 2;
  }
  const bucket = process.env[env.bucketName];
  if (!bucket) {
    process.stderr.write(`gzip-feeds: ${env.bucketName} is not set\n`);
    return 2;
  }
  const stored = await backfillGzipTwins(s3Client(), bucket);
  process.stdout.write(`gzip-feeds: ${stored.length} gzip twins stored\n`);
  return 0;
}
