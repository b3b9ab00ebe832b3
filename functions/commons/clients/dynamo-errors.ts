/**
 * DynamoDB's refusals as the SDK's client gave them, so callers keep their checks: an error whose
 * `name` is DynamoDB's code (`ConditionalCheckFailedException`) with `$metadata.httpStatusCode`, and
 * classes for the two our code tests with `instanceof`. Item images in a refusal (asked for with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`) come back as plain values, like the answers.
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { unmarshallItem, type Native, type WireItem } from './dynamo-marshalling.ts';

export class DynamoDbError extends Error {
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

/** A condition of a single-item write was false; `Item` is the item as it stood, when asked for. */
export class ConditionalCheckFailedException extends DynamoDbError {
  readonly Item?: Native;
  constructor(message: string, status: number, item?: WireItem) {
    super('ConditionalCheckFailedException', message, status);
    if (item) this.Item = unmarshallItem(item);
  }
}

/** One reason per item of the transaction, in order (`Code: 'None'` for an item that was not at fault). */
export type DocumentCancellationReason = Omit<CancellationReason, 'Item'> & { Item?: Native };

export class TransactionCanceledException extends DynamoDbError {
  readonly CancellationReasons?: DocumentCancellationReason[];
  constructor(message: string, status: number, reasons?: Array<Omit<CancellationReason, 'Item'> & { Item?: WireItem }>) {
    super('TransactionCanceledException', message, status);
    if (reasons) this.CancellationReasons = reasons.map(({ Item, ...reason }) => (Item ? { ...reason, Item: unmarshallItem(Item) } : reason));
  }
}

/** The error for a refused answer: its code, message and status, and the body's details for the two classes. */
export function dynamoDbErrorOf(code: string, message: string, status: number, body: Record<string, unknown>): DynamoDbError {
  if (code === 'ConditionalCheckFailedException') return new ConditionalCheckFailedException(message, status, body.Item as WireItem | undefined);
  if (code === 'TransactionCanceledException') return new TransactionCanceledException(message, status, body.CancellationReasons as never);
  return new DynamoDbError(code, message, status);
}
