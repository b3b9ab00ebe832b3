/**
 * Counts what the pipeline asks of DynamoDB, S3 and SQS, by interceptors and middleware on the clients the
 * handlers use (functions/commons/clients/*), so the cost model (./model.ts) works from requests the real
 * code made against DynamoDB Local and s3rver rather than from a description of them.
 *
 * - DynamoDB: every request asks for `ReturnConsumedCapacity: TOTAL` and the units DynamoDB Local
 *   reports are summed per operation (a transaction's items count twice, as on AWS); written items are
 *   counted with their size as DynamoDB measures it (attribute names plus values, `itemSize`).
 * - S3: requests per operation and bytes put, and puts by key prefix, from the signed-request calls every
 *   handler makes S3 calls through (functions/commons/clients/s3-objects.ts; no handler has an S3 client).
 * - SQS: requests per operation, messages sent and their bytes, from the signed-request calls the handlers
 *   make (functions/commons/clients/sqs.ts).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDocuments } from '../../functions/commons/clients/dynamo-documents.ts';
import type { PutOptions, S3Objects } from '../../functions/commons/clients/s3-objects.ts';
import type { SqsQueues } from '../../functions/commons/clients/sqs.ts';

export interface OperationTally {
  requests: number;
  readUnits: number;
  writeUnits: number;
}

export interface WrittenItems {
  /** Items created (by PutItem, BatchWriteItem, a transaction's Put, or an UpdateItem or a transaction's Update on a key with no item). */
  count: number;
  bytes: number;
  /** Write units the items would cost one by one (1 per KB, rounded up per item); transactions double it. */
  unitsIfPlain: number;
}

export interface Tally {
  dynamo: Record<string, OperationTally>;
  /** Items written whole or created by an update, by partition-key prefix (`ARTICLE#`, `FEED#`, ...). */
  written: Record<string, WrittenItems>;
  s3: Record<string, { requests: number; bytes: number }>;
  /** PutObject requests and bytes by the key's first segment (`feeds/`, `pages/`, `articles/`, ...; article pages apart, `pages/articles/`): what stays stored. */
  putByPrefix: Record<string, { requests: number; bytes: number }>;
  sqs: Record<string, { requests: number; messages: number; bytes: number }>;
  /** Log lines the handlers wrote, by `<service> log` or `<service> metrics` (./log-meter.ts). */
  logs: Record<string, { lines: number; bytes: number }>;
}

export const emptyTally = (): Tally => ({ dynamo: {}, written: {}, s3: {}, putByPrefix: {}, sqs: {}, logs: {} });

/** DynamoDB's item size rule: UTF-8 bytes of names and strings, about one byte per two digits of a number, 3 bytes + 1 per element for lists and maps. */
export function attributeSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  // On the wire (what the meter reads) a binary value is base64 text; in the SDK's own shape, bytes.
  if (value.B !== undefined) return typeof (value.B as unknown) === 'string' ? Buffer.from(value.B as unknown as string, 'base64').byteLength : value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeSize(v), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + attributeSize(v), 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + attributeSize({ N: n }), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  return 0;
}

export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + attributeSize(value), 0);

/** `ARTICLE#` for `ARTICLE#abc`, the whole key when it has no `#` (`EMBARGO`). */
export const partitionPrefix = (pk: string): string => (pk.includes('#') ? `${pk.slice(0, pk.indexOf('#'))}#` : pk);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const readOperations = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand', 'TransactGetItemsCommand']);

type Args = { input: Record<string, unknown>; request?: unknown };
type Handler = (args: Args) => Promise<{ output: Record<string, unknown> }>;
type Step = 'initialize' | 'serialize' | 'build';
interface Stack {
  add(middleware: (next: Handler, context: { commandName?: string }) => Handler, options: { step: Step; name: string; priority?: 'high' | 'low' }): void;
  remove(name: string): boolean;
}
/** Any SDK client: only its middleware stack is used. */
export interface Metered {
  middlewareStack: unknown;
}
const stackOf = (client: Metered) => client.middlewareStack as Stack;

const name = 'syndicateCostMeter';
const metered = (operation: string) => !/^(Describe|List|Create|Delete[A-Z]\w*Table|UpdateTimeToLive)/.test(operation.replace(/Command$/, '')) || operation === 'DeleteItemCommand';

type Key = Record<string, AttributeValue>;
interface WireUpdate {
  TableName: string;
  Key: Key;
}

/**
 * Counts every request of the functions' DynamoDB client (functions/commons/clients/dynamo-documents.ts),
 * through its interceptor, which sees each call in its wire form: the action, the marshalled body and the answer.
 * Reads and plain writes count the units DynamoDB Local reports. A transaction counts 2 units per KB of each
 * item it puts (rounded up per item), from the items as they went over the wire: DynamoDB Local's own
 * figure for a transaction of many items is not what AWS bills; an update in a transaction counts 2 per KB
 * of the item it leaves, a delete or condition check 2. Operations are tallied by the SDK's low-level command
 * names (`PutItemCommand`), as the model reads them.
 *
 * An update may create its item (an upsert: UpdateItem, or a transaction's Update, on a key with no item).
 * Its request does not carry the item, so the meter looks the key up before and the item after (strongly
 * consistent GetItem requests of its own, sent past the interceptors, not counted): an item the update created
 * is recorded with its size as any put item is, so the storage it adds is billed.
 */
export function meterDynamo(client: DynamoDocuments, tally: Tally): () => void {
  const lookUp = async ({ TableName, Key }: WireUpdate, projection?: string): Promise<Key | undefined> => {
    const input = { TableName, Key, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) };
    return (await client.request('GetItem', input)).Item as Key | undefined;
  };
  return client.intercept(async (call, next) => {
    const operation = `${call.operation}Command`;
    if (!metered(operation)) return next(call);
    const wire = { ...call.input, ReturnConsumedCapacity: 'TOTAL' };
    const updates = updatesIn(operation, wire);
    const existed = await Promise.all(updates.map(async (update) => (await lookUp(update, Object.keys(update.Key)[0])) !== undefined));
    const output = await next({ ...call, input: wire });
    let transactionUnits = recordWrites(operation, wire, tally);
    for (const [i, update] of updates.entries()) {
      const item = await lookUp(update);
      const size = item ? itemSize(item) : 0;
      if (item && !existed[i]) recordItem(item, tally);
      if (transactionUnits !== undefined) transactionUnits += 2 * unitsOf(size) - 2; // recordWrites counted 2 for it
    }
    const consumed = output.ConsumedCapacity as Consumed | Consumed[] | undefined;
    const reported = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    const entry = (tally.dynamo[operation] ??= { requests: 0, readUnits: 0, writeUnits: 0 });
    entry.requests += 1;
    if (readOperations.has(operation)) entry.readUnits += reported;
    else entry.writeUnits += transactionUnits ?? reported;
    return output;
  });
}

/** The keys an UpdateItem or a transaction's Update actions write to. */
function updatesIn(operation: string, wire: Record<string, unknown>): WireUpdate[] {
  if (operation === 'UpdateItemCommand') return [wire as unknown as WireUpdate];
  if (operation !== 'TransactWriteItemsCommand') return [];
  return ((wire.TransactItems ?? []) as Array<{ Update?: WireUpdate }>).flatMap((action) => (action.Update ? [action.Update] : []));
}

const unitsOf = (size: number) => Math.max(1, Math.ceil(size / 1024));

/** Records one item written; returns its write units as a plain write. */
function recordItem(item: Record<string, AttributeValue> | undefined, tally: Tally): number {
  if (!item?.pk?.S) return 0;
  const size = itemSize(item);
  const entry = (tally.written[partitionPrefix(item.pk.S)] ??= { count: 0, bytes: 0, unitsIfPlain: 0 });
  entry.count += 1;
  entry.bytes += size;
  entry.unitsIfPlain += unitsOf(size);
  return unitsOf(size);
}

/** Records the items a PutItem, BatchWriteItem or transaction puts; returns a transaction's write units (2 for each action that is not a put). */
function recordWrites(operation: string, input: Record<string, unknown>, tally: Tally): number | undefined {
  if (operation === 'PutItemCommand') recordItem(input.Item as Record<string, AttributeValue>, tally);
  if (operation === 'BatchWriteItemCommand') {
    const requests = Object.values((input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Record<string, AttributeValue> } }>>).flat();
    for (const request of requests) recordItem(request.PutRequest?.Item, tally);
  }
  if (operation !== 'TransactWriteItemsCommand') return undefined;
  let units = 0;
  for (const action of (input.TransactItems ?? []) as Array<{ Put?: { Item: Record<string, AttributeValue> } }>) {
    units += 2 * (action.Put ? recordItem(action.Put.Item, tally) : 1);
  }
  return units;
}

/** Article pages' own prefix in `putByPrefix`, apart from the other `pages/`. */
export const ARTICLE_PAGES = 'pages/articles/';

/** One S3 request: by operation (the SDK's command names), and a PutObject's bytes also by the key's first segment. */
function countS3(tally: Tally, operation: string, key: unknown, body: unknown): void {
  const entry = (tally.s3[operation] ??= { requests: 0, bytes: 0 });
  entry.requests += 1;
  const bytes = typeof body === 'string' || body instanceof Uint8Array ? Buffer.byteLength(body) : 0;
  entry.bytes += bytes;
  if (operation === 'PutObjectCommand' && typeof key === 'string') {
    // Article pages stay; the listing pages beside them are rewritten all the time and their old versions expire.
    const prefix = key.startsWith(ARTICLE_PAGES) ? ARTICLE_PAGES : key.includes('/') ? `${key.slice(0, key.indexOf('/'))}/` : key;
    const put = (tally.putByPrefix[prefix] ??= { requests: 0, bytes: 0 });
    put.requests += 1;
    put.bytes += bytes;
  }
}

/**
 * Counts S3 requests per operation (named as the SDK's commands, as the model reads them) and the bytes each
 * PutObject carries, also by key prefix. The signed-request calls have no middleware stack: the five object
 * calls are wrapped on the instance every handler shares (`s3Objects(bucket)` keeps one per bucket: ingest's
 * originals and versions, publish's feed files, pages and article reads). Which handler made a call needs no
 * mark on it: the measured run reads the tally before and after each step (an ingest, a publish batch, a
 * page pass), and only that step's handler runs in between.
 */
export function meterS3Objects(objects: S3Objects, tally: Tally): () => void {
  const { getObject, headObject, putObject, copyObject, deleteObject } = objects;
  Object.assign(objects, {
    getObject: (key: string) => (countS3(tally, 'GetObjectCommand', key, undefined), getObject.call(objects, key)),
    headObject: (key: string) => (countS3(tally, 'HeadObjectCommand', key, undefined), headObject.call(objects, key)),
    putObject: (key: string, body: Uint8Array | string, contentType: string, options?: PutOptions) => (countS3(tally, 'PutObjectCommand', key, body), putObject.call(objects, key, body, contentType, options)),
    copyObject: (from: string, to: string) => (countS3(tally, 'CopyObjectCommand', to, undefined), copyObject.call(objects, from, to)),
    deleteObject: (key: string) => (countS3(tally, 'DeleteObjectCommand', key, undefined), deleteObject.call(objects, key)),
  });
  return () => Object.assign(objects, { getObject, headObject, putObject, copyObject, deleteObject });
}

/**
 * Counts SQS requests per operation (named as the SDK's commands), the messages they carry and the bytes of
 * their bodies, through the interceptor hook of the signed SQS calls the handlers share (`sqsQueues()`):
 * once per call, whatever its retries, as the SDK's initialize step counted.
 */
export function meterSqs(queues: SqsQueues, tally: Tally): () => void {
  return queues.intercept((call, next) => {
    const entry = (tally.sqs[`${call.operation}Command`] ??= { requests: 0, messages: 0, bytes: 0 });
    entry.requests += 1;
    const entries = Array.isArray(call.input.Entries) ? (call.input.Entries as Array<{ MessageBody?: unknown }>) : [call.input];
    entry.messages += entries.length;
    entry.bytes += entries.reduce((sum, e) => sum + (typeof e.MessageBody === 'string' ? Buffer.byteLength(e.MessageBody) : 0), 0);
    return next(call);
  });
}
