/**
 * The DynamoDB document commands our code sends (dynamo-documents.ts), with lib-dynamodb's names and
 * input and output shapes, so call sites read as they did with the SDK's document client. A command is
 * only its input and the API action it becomes; marshalling and the request are the client's.
 *
 * The shapes come from `@aws-sdk/lib-dynamodb` as types only (erased at build: no SDK byte is bundled).
 */
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/** An SDK output without the SDK's response metadata, which no caller reads. */
type Answer<T> = Omit<T, '$metadata'>;

/** What `send` takes: lib-dynamodb's command name, the API action and the input; `output` only carries the answer's type. */
export interface DynamoCommand<Input extends object, Output extends object> {
  /** lib-dynamodb's class name (`PutCommand`), spelled out because minifying renames classes: what test faults match. */
  readonly name: string;
  /** The DynamoDB API action (`PutItem`): the request's `x-amz-target` and the IAM action. */
  readonly operation: string;
  readonly input: Input;
  readonly output?: Output;
}

/** A command class: `new GetCommand({ TableName, Key })`, as with lib-dynamodb. */
const command = <Input extends object, Output extends object>(name: string, operation: string) =>
  class implements DynamoCommand<Input, Output> {
    readonly name = name;
    readonly operation = operation;
    declare readonly output?: Output;
    constructor(readonly input: Input) {}
  };

// Pure: a bundle keeps only the commands its code names.
export const GetCommand = /* @__PURE__ */ command<GetCommandInput, Answer<GetCommandOutput>>('GetCommand', 'GetItem');
export const PutCommand = /* @__PURE__ */ command<PutCommandInput, Answer<PutCommandOutput>>('PutCommand', 'PutItem');
export const UpdateCommand = /* @__PURE__ */ command<UpdateCommandInput, Answer<UpdateCommandOutput>>('UpdateCommand', 'UpdateItem');
export const DeleteCommand = /* @__PURE__ */ command<DeleteCommandInput, Answer<DeleteCommandOutput>>('DeleteCommand', 'DeleteItem');
export const QueryCommand = /* @__PURE__ */ command<QueryCommandInput, Answer<QueryCommandOutput>>('QueryCommand', 'Query');
export const ScanCommand = /* @__PURE__ */ command<ScanCommandInput, Answer<ScanCommandOutput>>('ScanCommand', 'Scan');
export const TransactWriteCommand = /* @__PURE__ */ command<TransactWriteCommandInput, Answer<TransactWriteCommandOutput>>('TransactWriteCommand', 'TransactWriteItems');
export const BatchGetCommand = /* @__PURE__ */ command<BatchGetCommandInput, Answer<BatchGetCommandOutput>>('BatchGetCommand', 'BatchGetItem');
export const BatchWriteCommand = /* @__PURE__ */ command<BatchWriteCommandInput, Answer<BatchWriteCommandOutput>>('BatchWriteCommand', 'BatchWriteItem');
