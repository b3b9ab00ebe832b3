/**
 * Plain JS values to DynamoDB's JSON wire form and back, as lib-dynamodb's document client does it:
 * with `@aws-sdk/util-dynamodb`, undefined values removed (optional Article fields are absent, not
 * null), numbers read back as JS numbers.
 *
 * lib-dynamodb marshals the same named fields wherever an operation's input has them (a Get's `Key`, a
 * transaction's `Put.Item`, a batch's `RequestItems.<table>.Keys`), so one walk by field name covers
 * every command: inside a marshalled value nothing is walked again. Binary values are base64 text on
 * the wire (the JSON protocol's rule), bytes in JS.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';

export type Native = Record<string, NativeAttributeValue>;
/** An AttributeValue map as JSON carries it (binary as base64 text). */
export type WireItem = Record<string, unknown>;

/** Input fields holding one item-shaped map, and those holding a list of them. */
const inputMaps = new Set(['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']);
const inputLists = new Set(['Keys']);
/** Output fields holding one map, a list of them, or (BatchGet's `Responses`) lists by table. */
const outputMaps = new Set(['Item', 'Attributes', 'LastEvaluatedKey', 'Key', 'ItemCollectionKey']);
const outputLists = new Set(['Items', 'Keys']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
const mapValues = <T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const bytesOf = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

function encodeValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(encodeValue) };
  if (value.M !== undefined) return { M: mapValues(value.M, encodeValue) };
  return value;
}

function decodeValue(value: Record<string, unknown>): AttributeValue {
  if (typeof value.B === 'string') return { B: bytesOf(value.B) };
  if (Array.isArray(value.BS)) return { BS: (value.BS as string[]).map(bytesOf) };
  if (Array.isArray(value.L)) return { L: (value.L as Record<string, unknown>[]).map(decodeValue) };
  if (isRecord(value.M)) return { M: mapValues(value.M as Record<string, Record<string, unknown>>, decodeValue) };
  return value as unknown as AttributeValue;
}

export const marshallItem = (item: Native): WireItem => mapValues(marshall(item, { removeUndefinedValues: true }), encodeValue);
export const unmarshallItem = (item: WireItem): Native => unmarshall(mapValues(item as Record<string, Record<string, unknown>>, decodeValue));

/** A document command's input as the request body carries it. */
export function toWire(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(toWire);
  if (!isRecord(input)) return input;
  return Object.fromEntries(
    Object.entries(input).map(([field, value]) => {
      if (inputMaps.has(field) && isRecord(value)) return [field, marshallItem(value as Native)];
      if (inputLists.has(field) && Array.isArray(value)) return [field, value.map((item: Native) => marshallItem(item))];
      return [field, toWire(value)];
    }),
  );
}

/** An answer's body as plain JS values (the document client's output). */
export function fromWire(output: unknown): unknown {
  if (Array.isArray(output)) return output.map(fromWire);
  if (!isRecord(output)) return output;
  return Object.fromEntries(
    Object.entries(output).map(([field, value]) => {
      if (outputMaps.has(field) && isRecord(value)) return [field, unmarshallItem(value)];
      if (outputLists.has(field) && Array.isArray(value)) return [field, value.map((item: WireItem) => unmarshallItem(item))];
      // BatchGetItem: items by table; TransactGetItems: a list of `{ Item }`, walked as any list.
      if (field === 'Responses' && isRecord(value) && !Array.isArray(value)) return [field, mapValues(value as Record<string, WireItem[]>, (items) => items.map(unmarshallItem))];
      return [field, fromWire(value)];
    }),
  );
}
