/**
 * The document client on signed JSON requests: what it writes to DynamoDB Local is what the SDK's
 * document client reads back (and the reverse), value kinds included; refusals arrive with DynamoDB's
 * names and classes; pages, batches and transactions answer as lib-dynamodb's did. What DynamoDB Local
 * cannot be made to do (throttle, fail with a 5xx, show the signed request) comes from a loopback server.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import * as sdk from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '#commons/clients/dynamo-commands.ts';
import { DynamoDocuments, type DynamoCall } from '#commons/clients/dynamo-documents.ts';
import { ConditionalCheckFailedException, DynamoDbError, TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('commons-dynamo-documents');
const TableName = services.tableName;
const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret' });
const documents = new DynamoDocuments({ region: 'us-east-1', endpoint: services.dynamoDbEndpoint, credentials });
/** The SDK's own document client, as the functions used before (undefined values removed as they were). */
const sdkDocuments = sdk.DynamoDBDocumentClient.from(services.dynamoDb, { marshallOptions: { removeUndefinedValues: true } });

/** Every kind of value an item can hold, nested. */
const rich = {
  pk: 'RICH#1',
  sk: 'A',
  text: 'Ünïcode — “quoted”',
  whole: 42,
  negative: -7.25,
  large: 9007199254740991,
  yes: true,
  nothing: null,
  absent: undefined,
  bytes: Uint8Array.from([0, 1, 2, 250, 255]),
  tags: new Set(['world', 'politics']),
  scores: new Set([1, 2.5]),
  blobs: new Set([Uint8Array.from([1]), Uint8Array.from([2, 3])]),
  nested: { list: [1, 'two', { three: [3, { deep: Uint8Array.from([9]) }] }], empty: {}, none: [] as unknown[], skipped: undefined },
};
const { absent: _absent, ...stored } = rich;
const storedNested = { ...stored, nested: { list: rich.nested.list, empty: {}, none: [] } };

describe('the signed-request document client on DynamoDB Local', () => {
  it('writes every kind of value as the SDK document client reads it, and reads what that client wrote', async () => {
    await documents.send(new PutCommand({ TableName, Item: rich }));
    expect((await sdkDocuments.send(new sdk.GetCommand({ TableName, Key: { pk: 'RICH#1', sk: 'A' } }))).Item).toEqual(storedNested);

    await sdkDocuments.send(new sdk.PutCommand({ TableName, Item: { ...storedNested, sk: 'B' } }));
    expect((await documents.send(new GetCommand({ TableName, Key: { pk: 'RICH#1', sk: 'B' } }))).Item).toEqual({ ...storedNested, sk: 'B' });
    expect((await documents.send(new GetCommand({ TableName, Key: { pk: 'RICH#1', sk: 'missing' } }))).Item).toBeUndefined();
  });

  it('updates and deletes, answering with the attributes asked for', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk: 'UPD#1', sk: 'A', count: 1 } }));
    const updated = await documents.send(
      new UpdateCommand({
        TableName,
        Key: { pk: 'UPD#1', sk: 'A' },
        UpdateExpression: 'SET #c = #c + :one, seen = :seen',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':seen': new Set(['a']) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes).toEqual({ pk: 'UPD#1', sk: 'A', count: 2, seen: new Set(['a']) });
    const deleted = await documents.send(new DeleteCommand({ TableName, Key: { pk: 'UPD#1', sk: 'A' }, ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toMatchObject({ count: 2 });
    expect(await services.scanAll()).not.toContainEqual(expect.objectContaining({ pk: 'UPD#1' }));
  });

  it('pages a Query and a Scan with LastEvaluatedKey and ExclusiveStartKey', async () => {
    for (let i = 0; i < 5; i++) await documents.send(new PutCommand({ TableName, Item: { pk: 'PAGE#1', sk: `S${i}`, i } }));
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await documents.send(
        new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PAGE#1' }, Limit: 2, ExclusiveStartKey: start }),
      );
      seen.push(...(page.Items ?? []).map((item) => item.i as number));
      start = page.LastEvaluatedKey;
      pages += 1;
    } while (start);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(pages).toBe(3);
    const scanned = await documents.send(new ScanCommand({ TableName, FilterExpression: 'pk = :pk AND i >= :min', ExpressionAttributeValues: { ':pk': 'PAGE#1', ':min': 3 } }));
    expect(scanned.Items?.map((item) => item.i).sort()).toEqual([3, 4]);
  });

  it('writes and reads in batches, items by table', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk: 'BATCH#gone', sk: 'A' } }));
    const written = await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [TableName]: [
            { PutRequest: { Item: { pk: 'BATCH#1', sk: 'A', tags: new Set(['x']) } } },
            { PutRequest: { Item: { pk: 'BATCH#2', sk: 'A', bytes: Uint8Array.from([7]) } } },
            { DeleteRequest: { Key: { pk: 'BATCH#gone', sk: 'A' } } },
          ],
        },
      }),
    );
    expect(written.UnprocessedItems).toEqual({});
    const read = await documents.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk: 'BATCH#1', sk: 'A' }, { pk: 'BATCH#2', sk: 'A' }, { pk: 'BATCH#gone', sk: 'A' }] } } }),
    );
    const items = read.Responses?.[TableName]?.sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
    expect(items).toEqual([
      { pk: 'BATCH#1', sk: 'A', tags: new Set(['x']) },
      { pk: 'BATCH#2', sk: 'A', bytes: Uint8Array.from([7]) },
    ]);
    expect(read.UnprocessedKeys).toEqual({});
  });

  it('writes a transaction of every kind of action at once', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk: 'TX#1', sk: 'old' } }));
    await documents.send(new PutCommand({ TableName, Item: { pk: 'TX#1', sk: 'check', ok: true } }));
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'TX#1', sk: 'new', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName, Key: { pk: 'TX#1', sk: 'counter' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
          { Delete: { TableName, Key: { pk: 'TX#1', sk: 'old' } } },
          { ConditionCheck: { TableName, Key: { pk: 'TX#1', sk: 'check' }, ConditionExpression: 'ok = :yes', ExpressionAttributeValues: { ':yes': true } } },
        ],
      }),
    );
    const items = await documents.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TX#1' } }));
    expect(items.Items?.map((item) => item.sk).sort()).toEqual(['check', 'counter', 'new']);
  });
});

describe('refusals, by DynamoDB’s names', () => {
  it('a false condition is a ConditionalCheckFailedException, with the item as it stood when asked for', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk: 'COND#1', sk: 'A', v: 1, tags: new Set(['a']) } }));
    const refused = await documents
      .send(new PutCommand({ TableName, Item: { pk: 'COND#1', sk: 'A', v: 2 }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
    expect(refused).toBeInstanceOf(DynamoDbError);
    expect(refused).toMatchObject({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 }, Item: { pk: 'COND#1', sk: 'A', v: 1, tags: new Set(['a']) } });
    expect((refused as Error).message).toMatch(/conditional request failed/i);
  });

  it('a cancelled transaction is a TransactionCanceledException with one reason per item, and the item at fault', async () => {
    await documents.send(new PutCommand({ TableName, Item: { pk: 'TXC#1', sk: 'taken', owner: 'someone' } }));
    const refused = await documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: 'TXC#1', sk: 'free' } } },
            { Put: { TableName, Item: { pk: 'TXC#1', sk: 'taken' }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ],
        }),
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    const reasons = (refused as TransactionCanceledException).CancellationReasons;
    expect(reasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons?.[1]?.Item).toEqual({ pk: 'TXC#1', sk: 'taken', owner: 'someone' });
    expect((await documents.send(new GetCommand({ TableName, Key: { pk: 'TXC#1', sk: 'free' } }))).Item).toBeUndefined(); // nothing half-written
  });

  it('an invalid request is a DynamoDbError named by its code', async () => {
    const refused = await documents.send(new GetCommand({ TableName, Key: { pk: 'X' } })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DynamoDbError);
    expect(refused).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

/** A loopback server answering as DynamoDB does with each of `answers` in turn (the last repeated); records what it was sent. */
async function fakeDynamo(answers: { status: number; body: object }[]) {
  const seen: { headers: IncomingHttpHeaders; url: string; method: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, url: request.url!, method: request.method!, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((done) => s.close(done)))));

const fault = (code: string, message: string) => ({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message });

describe('the requests it sends', () => {
  it('signs an AWS JSON 1.0 POST for the dynamodb service, the action in x-amz-target, the input marshalled', async () => {
    const dynamo = await fakeDynamo([{ status: 200, body: { Item: { pk: { S: 'K' }, n: { N: '1.5' }, b: { B: 'AQI=' } } } }]);
    const client = new DynamoDocuments({ region: 'eu-west-1', endpoint: dynamo.endpoint, credentials });
    const got = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'K', sk: 2 }, ConsistentRead: true }));
    expect(got.Item).toEqual({ pk: 'K', n: 1.5, b: Uint8Array.from([1, 2]) });
    const [request] = dynamo.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/' });
    expect(request!.headers).toMatchObject({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' });
    expect(request!.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request!.body)).toEqual({ TableName: 't', Key: { pk: { S: 'K' }, sk: { N: '2' } }, ConsistentRead: true });
  });

  it('retries a 5xx and throttling as the SDK does, then answers', async () => {
    const dynamo = await fakeDynamo([
      { status: 500, body: fault('InternalServerError', 'try again') },
      { status: 400, body: fault('ProvisionedThroughputExceededException', 'slow down') },
      { status: 200, body: {} },
    ]);
    const client = new DynamoDocuments({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials });
    await client.send(new PutCommand({ TableName: 't', Item: { pk: 'K' } }));
    expect(dynamo.seen).toHaveLength(3);
  });

  it('does not retry a refusal, and gives up on a lasting 5xx after the attempts allowed', async () => {
    const refusing = await fakeDynamo([{ status: 400, body: fault('ConditionalCheckFailedException', 'The conditional request failed') }]);
    await expect(new DynamoDocuments({ region: 'us-east-1', endpoint: refusing.endpoint, credentials }).send(new PutCommand({ TableName: 't', Item: { pk: 'K' } }))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    expect(refusing.seen).toHaveLength(1);
    const failing = await fakeDynamo([{ status: 503, body: fault('ServiceUnavailable', 'down') }]);
    const client = new DynamoDocuments({ region: 'us-east-1', endpoint: failing.endpoint, credentials, maxAttempts: 2 });
    await expect(client.send(new GetCommand({ TableName: 't', Key: { pk: 'K' } }))).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    expect(failing.seen).toHaveLength(2);
  });
});

describe('interceptors (the seam for test faults and the cost meter)', () => {
  it('see the command, the action and the wire input and answer; may change the input; are removed by the function they return', async () => {
    const calls: DynamoCall[] = [];
    const answers: Record<string, unknown>[] = [];
    const remove = documents.intercept(async (call, next) => {
      calls.push(call);
      const answer = await next({ ...call, input: { ...call.input, ReturnConsumedCapacity: 'TOTAL' } });
      answers.push(answer);
      return answer;
    });
    const put = await documents.send(new PutCommand({ TableName, Item: { pk: 'SEAM#1', sk: 'A', tags: new Set(['t']) } }));
    remove();
    await documents.send(new GetCommand({ TableName, Key: { pk: 'SEAM#1', sk: 'A' } }));
    expect(calls).toEqual([{ command: 'PutCommand', operation: 'PutItem', input: { TableName, Item: { pk: { S: 'SEAM#1' }, sk: { S: 'A' }, tags: { SS: ['t'] } } } }]);
    expect(answers).toEqual([{ ConsumedCapacity: { TableName, CapacityUnits: 1 } }]);
    expect(put.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 1 });
  });

  it('can fail a call before it leaves the process, the first installed running outermost', async () => {
    const order: string[] = [];
    const removeOuter = documents.intercept(async (call, next) => (order.push('outer'), next(call)));
    const removeInner = documents.intercept(async (call) => {
      order.push('inner');
      throw new Error(`refused ${call.command}`);
    });
    await expect(documents.send(new PutCommand({ TableName, Item: { pk: 'SEAM#2', sk: 'A' } }))).rejects.toThrow('refused PutCommand');
    removeOuter();
    removeInner();
    expect(order).toEqual(['outer', 'inner']);
    expect((await documents.send(new GetCommand({ TableName, Key: { pk: 'SEAM#2', sk: 'A' } }))).Item).toBeUndefined();
  });
});
