/**
 * A data folder from before the publisher directory (functions/adapters/publisher-directory.ts) holds
 * publishers `GET /publishers` would not list: the samples' publishers, registered on first sight, and
 * any registered through the API. The first start on such a folder lists them (one Scan, idempotent);
 * a marker file then skips it, as every later write keeps the directory itself. A fresh folder needs none.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backfillPublisherDirectory } from '#adapters/publisher-directory-backfill.ts';
import { documentsFor } from './services.ts';

export async function backfillPublishersOnce(options: { dataDir: string; fresh: boolean; dynamoDbEndpoint: string; tableName: string; log: (line: string) => void }): Promise<void> {
  const marker = join(options.dataDir, 'publishers-listed');
  if (existsSync(marker)) return;
  if (!options.fresh) {
    const added = await backfillPublisherDirectory(documentsFor(options.dynamoDbEndpoint), options.tableName);
    if (added.length > 0) options.log(`publisher directory: listed ${added.length} publisher(s) stored before it existed (${added.join(', ')})`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}
