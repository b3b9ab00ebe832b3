/**
 * The local runtime's start deletes the feed leases its previous run left (a kill -9 mid-render): only
 * lease items, every one of them, whatever else the table holds.
 */
import { describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { feedLeaseKey } from '../../../functions/adapters/keys.ts';
import { releaseStaleLeases } from '../../../infra/local/stale-leases.ts';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('stale-leases');
const documents = DynamoDBDocumentClient.from(services.dynamoDb);

describe('stale feed leases at local start', () => {
  it('deletes every lease and nothing else', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    const leases = ['all', 'tag/syria', 'publisher/opslens'] as const;
    for (const feed of leases) {
      await documents.send(new PutCommand({ TableName: services.tableName, Item: { ...feedLeaseKey(feed), entity: 'lease', holder: 'killed', expiresAt } }));
    }
    await documents.send(new PutCommand({ TableName: services.tableName, Item: { pk: 'ARTICLE#kept', sk: 'LATEST', headline: 'kept' } }));

    expect(await releaseStaleLeases(documents, services.tableName)).toBe(3);
    expect((await services.scanAll()).map((item) => `${String(item.pk)} ${String(item.sk)}`)).toEqual(['ARTICLE#kept LATEST']);
    expect(await releaseStaleLeases(documents, services.tableName)).toBe(0);
  });
});
