/**
 * `npm start` on a data folder from before the publisher directory lists the publishers stored there,
 * once (infra/local/backfill-publishers.ts); a fresh folder and any later start skip the Scan.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { publisherKey } from '#adapters/keys.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { backfillPublishersOnce } from '../../../infra/local/backfill-publishers.ts';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('backfill-publishers');
const publishers = new DynamoPublisherRepository(services.documents, services.tableName);
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-publishers-'));
  dirs.push(dir);
  return dir;
};
const legacy = (id: string) =>
  services.documents.send(new PutCommand({ TableName: services.tableName, Item: { ...publisherKey(id), entity: 'publisher', id, name: id, createdAt: '2023-01-01T00:00:00.000Z' } }));
const listedIds = async () => (await publishers.directoryPage(100)).publishers.map((p) => p.id);
const options = (dir: string, fresh: boolean) => ({ dataDir: dir, fresh, dynamoDbEndpoint: services.dynamoDbEndpoint, tableName: services.tableName, log: () => undefined });

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the local runtime backfills the publisher directory', () => {
  it('once on an older data folder, never on a fresh one', async () => {
    await legacy('sample-wire');
    const fresh = dataDir();
    await backfillPublishersOnce(options(fresh, true));
    expect(existsSync(join(fresh, 'publishers-listed'))).toBe(true);
    expect(await listedIds()).toEqual([]);

    const older = dataDir();
    await backfillPublishersOnce(options(older, false));
    expect(await listedIds()).toEqual(['sample-wire']);
    // The marker stops a second Scan: a profile slipped in without its listing stays unlisted.
    await legacy('later-wire');
    await backfillPublishersOnce(options(older, false));
    expect(await listedIds()).toEqual(['sample-wire']);
  });
});
