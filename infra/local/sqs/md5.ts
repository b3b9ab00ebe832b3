/**
 * The checksums SQS returns with every message. The SDK verifies
 * `MD5OfMessageBody` on send and receive, so the emulator must compute them
 * exactly as SQS does, including the length-prefixed encoding of attributes.
 */
import { createHash } from 'node:crypto';

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Raw bytes (the JSON protocol carries them base64-encoded). */
  BinaryValue?: Uint8Array;
}

export type MessageAttributes = Record<string, MessageAttributeValue>;

export const md5Hex = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * SQS's attribute digest: for each name in byte order, the name, the data
 * type, a transport byte (1 string, 2 binary) and the value, each prefixed by
 * its 4-byte big-endian length.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(value.BinaryValue));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}
