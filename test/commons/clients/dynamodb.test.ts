import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '#commons/clients/dynamo-commands.ts';
import { useLocalServices } from '../../support/services.ts';

await useLocalServices('commons-dynamodb');
// Imported after the environment points at the local services, as a Lambda container would see it.
const { documentClient } = await import('#commons/clients/dynamodb.ts');
const { tableName } = await import('#commons/env.ts');

describe('the DynamoDB client built from the environment', () => {
  it('reaches DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB; undefined fields are dropped, not stored as null', async () => {
    const item = { pk: 'ROUNDTRIP#1', sk: 'LATEST', headline: 'Bridge reopens — “at last”', optional: undefined };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
    const got = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'ROUNDTRIP#1', sk: 'LATEST' } }));
    expect(got.Item).toEqual({ pk: 'ROUNDTRIP#1', sk: 'LATEST', headline: 'Bridge reopens — “at last”' });
  });

  it('is built once per container', () => {
    expect(documentClient()).toBe(documentClient());
  });
});
