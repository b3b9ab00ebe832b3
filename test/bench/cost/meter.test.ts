/**
 * The cost meter on DynamoDB Local: what each write adds to storage, by partition prefix, however the
 * item got there, including an update that creates its item (an upsert), which carries no item in its
 * request; and that the meter's own look-ups are not counted. S3 and SQS calls are counted on the
 * signed-request calls every handler makes.
 */
import { PutCommand, TransactWriteCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import { describe, expect, it } from 'vitest';
import { documentsFor } from '../../../infra/local/services.ts';
import { s3Objects } from '#commons/clients/s3-objects.ts';
import { emptyTally, itemSize, meterDynamo, meterS3Objects, meterSqs } from '../../../bench/cost/meter.ts';
import { startLocalQueues } from '../../deliver/local-queues.ts';
import { useLocalServices } from '../../support/services.ts';

const services = await useLocalServices('cost-meter');

describe('the cost meter, DynamoDB', () => {
  it('records items created by UpdateItem and by a transaction’s Update with their size, and not an update of an existing item', async () => {
    const documents = documentsFor(services.dynamoDbEndpoint);
    const tally = emptyTally();
    const stop = meterDynamo(documents, tally);
    const TableName = services.tableName;

    await documents.send(new PutCommand({ TableName, Item: { pk: 'PUT#1', sk: 'A', text: 'put whole' } }));
    const upsert = { TableName, Key: { pk: 'UPSERT#1', sk: 'A' }, UpdateExpression: 'SET #s = :s, attempts = :n', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'retrying', ':n': 1 } };
    await documents.send(new UpdateCommand(upsert));
    // The same key again: an update in place, no new item.
    await documents.send(new UpdateCommand({ ...upsert, ExpressionAttributeValues: { ':s': 'finished', ':n': 2 } })); // same size as at its creation
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'PUT#2', sk: 'A', text: 'in a transaction' } } },
          { Update: { TableName, Key: { pk: 'UPSERT#2', sk: 'A' }, UpdateExpression: 'SET note = :n', ExpressionAttributeValues: { ':n': 'x'.repeat(1500) } } },
        ],
      }),
    );
    stop();

    const stored = await services.scanAll();
    const sizeOf = (pk: string) => {
      const item = stored.find((i) => i.pk === pk)!;
      return itemSize(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : { S: String(v) }])));
    };
    expect(tally.written['UPSERT#']).toEqual({ count: 2, bytes: sizeOf('UPSERT#1') + sizeOf('UPSERT#2'), unitsIfPlain: 1 + 2 });
    expect(tally.written['PUT#']?.count).toBe(2);
    // Two updates, one transaction: the meter's own GetItem look-ups are not among the requests.
    expect(Object.fromEntries(Object.entries(tally.dynamo).map(([op, t]) => [op, t.requests]))).toEqual({ PutItemCommand: 1, UpdateItemCommand: 2, TransactWriteItemsCommand: 1 });
    // The transaction: its put (1 KB) and its update, which leaves an item of 2 KB, at 2 units per KB.
    expect(tally.dynamo.TransactWriteItemsCommand?.writeUnits).toBe(2 * 1 + 2 * 2);
  });
});

describe('the cost meter, S3', () => {
  it('counts the object calls the handlers make through the signed requests, and the bytes each put carries by prefix', async () => {
    const objects = s3Objects(services.bucketName); // the instance the handlers share
    const tally = emptyTally();
    const stop = meterS3Objects(objects, tally);
    await objects.putObject('raw/a.txt', 'twelve bytes', 'text/plain');
    await objects.putObject('articles/a/v1.json', '{}', 'application/json');
    expect(Buffer.from((await objects.getObject('raw/a.txt'))!.bytes).toString()).toBe('twelve bytes');
    // A feed file as publish writes it: its options still reach S3 through the meter.
    await objects.putObject('feeds/all.json', '[1]', 'application/json', { cacheControl: 'max-age=60', metadata: { 'content-sha256': 'abc' } });
    expect((await objects.headObject('feeds/all.json'))?.metadata).toEqual({ 'content-sha256': 'abc' });
    await objects.copyObject('raw/a.txt', 'raw/c.txt');
    await objects.deleteObject('raw/c.txt');
    stop();
    await objects.putObject('raw/b.txt', 'not counted', 'text/plain');
    expect(tally.s3).toEqual({
      PutObjectCommand: { requests: 3, bytes: 17 },
      GetObjectCommand: { requests: 1, bytes: 0 },
      HeadObjectCommand: { requests: 1, bytes: 0 },
      CopyObjectCommand: { requests: 1, bytes: 0 },
      DeleteObjectCommand: { requests: 1, bytes: 0 },
    });
    expect(tally.putByPrefix).toEqual({ 'raw/': { requests: 1, bytes: 12 }, 'articles/': { requests: 1, bytes: 2 }, 'feeds/': { requests: 1, bytes: 3 } });
  });
});

describe('the cost meter, SQS', () => {
  it('counts each call of the signed SQS requests once, with the messages it carries and their bytes', async () => {
    const queues = await startLocalQueues();
    try {
      const tally = emptyTally();
      const stop = meterSqs(queues.client, tally);
      await queues.client.sendMessage({ QueueUrl: queues.queueUrl, MessageBody: 'four' });
      await queues.client.sendMessageBatch({ QueueUrl: queues.queueUrl, Entries: [{ Id: '0', MessageBody: 'one' }, { Id: '1', MessageBody: 'two!' }] });
      const [message] = await queues.client.receiveMessage({ QueueUrl: queues.queueUrl });
      await queues.client.changeMessageVisibility({ QueueUrl: queues.queueUrl, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 30 });
      stop();
      await queues.client.sendMessage({ QueueUrl: queues.queueUrl, MessageBody: 'not counted' });
      expect(tally.sqs).toEqual({
        SendMessageCommand: { requests: 1, messages: 1, bytes: 4 },
        SendMessageBatchCommand: { requests: 1, messages: 2, bytes: 7 },
        ReceiveMessageCommand: { requests: 1, messages: 1, bytes: 0 },
        ChangeMessageVisibilityCommand: { requests: 1, messages: 1, bytes: 0 },
      });
    } finally {
      await queues.close();
    }
  });
});
