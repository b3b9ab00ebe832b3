/**
 * The publisher directory's backfill (adapters/publisher-directory-backfill.ts): publishers stored
 * before the directory existed get their listing once, from their profile and key item, and a second
 * run, or a publisher that already has its listing, is left as it is.
 */
import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import { describe, expect, it } from 'vitest';
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { apiKeyItem, publisherKey } from '#adapters/keys.ts';
import { backfillPublisherDirectory } from '#adapters/publisher-directory-backfill.ts';
import { DynamoPublisherRepository } from '#adapters/publisher-repository.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('publisher-directory');
const publishers = new DynamoPublisherRepository(services.documents, services.tableName);
const put = (Item: Record<string, unknown>) => services.documents.send(new PutCommand({ TableName: services.tableName, Item }));

describe('publisher directory backfill', () => {
  it('lists publishers stored before the directory, once, and leaves listed ones alone', async () => {
    // As the code before the directory wrote them: a profile with a key, one without (first seen in content).
    const oldKey = newApiKey();
    await put({ ...publisherKey('old-gazette'), entity: 'publisher', id: 'old-gazette', name: 'Old Gazette', createdAt: '2023-02-01T00:00:00.000Z', keyHash: hashKey(oldKey) });
    await put(apiKeyItem(hashKey(oldKey), { publisherId: 'old-gazette' }, '2023-03-01T00:00:00.000Z'));
    await put({ ...publisherKey('old-sheet'), entity: 'publisher', id: 'old-sheet', name: 'Old Sheet', createdAt: '2023-04-01T00:00:00.000Z' });
    // Registered since: its listing came with it and must not be rewritten.
    await publishers.create({ id: 'new-wire', name: 'New Wire' }, hashKey(newApiKey()), '2024-05-01T00:00:00.000Z');
    const listedBefore = (await publishers.directoryPage(100)).publishers;
    expect(listedBefore.map((p) => p.id)).toEqual(['new-wire']);

    expect((await backfillPublisherDirectory(services.documents, services.tableName)).sort()).toEqual(['old-gazette', 'old-sheet']);
    const listed = (await publishers.directoryPage(100)).publishers;
    expect(listed).toEqual([
      listedBefore[0],
      { id: 'old-gazette', name: 'Old Gazette', createdAt: '2023-02-01T00:00:00.000Z', status: 'active', keyId: `key_${hashKey(oldKey).slice(0, 12)}`, keyIssuedAt: '2023-03-01T00:00:00.000Z' },
      { id: 'old-sheet', name: 'Old Sheet', createdAt: '2023-04-01T00:00:00.000Z', status: 'no_key' },
    ].sort((a, b) => a!.id.localeCompare(b!.id)));
    expect(JSON.stringify(listed)).not.toContain(hashKey(oldKey));

    const before = await services.scanAll();
    expect(await backfillPublisherDirectory(services.documents, services.tableName)).toEqual([]);
    expect(await services.scanAll()).toEqual(before);
  });

  it('a rotation lists a publisher the backfill has not reached yet', async () => {
    await put({ ...publisherKey('late-ledger'), entity: 'publisher', id: 'late-ledger', name: 'Late Ledger', createdAt: '2023-01-01T00:00:00.000Z' });
    await publishers.rotateKey('late-ledger', hashKey(newApiKey()));
    expect((await publishers.directoryPage(100)).publishers.find((p) => p.id === 'late-ledger')).toMatchObject({ status: 'active', createdAt: '2023-01-01T00:00:00.000Z' });
  });
});
