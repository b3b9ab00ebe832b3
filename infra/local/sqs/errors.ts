/**
 * SQS's error codes, as the JSON protocol names them (`__type`) and as the
 * older query protocol did (`x-amzn-query-error`), so SDK clients raise the
 * same exception classes against the emulator as against AWS.
 */
const queryCodes = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  InvalidParameterValue: 'InvalidParameterValue',
  MissingParameter: 'MissingParameter',
  InvalidAddress: 'InvalidAddress',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  ResourceNotFoundException: 'ResourceNotFoundException',
  InvalidAction: 'InvalidAction',
} as const;

export type SqsErrorCode = keyof typeof queryCodes;

export class SqsError extends Error {
  override readonly name = 'SqsError';
  readonly queryCode: string;

  constructor(
    readonly code: SqsErrorCode,
    message: string,
  ) {
    super(message);
    this.queryCode = queryCodes[code];
  }
}
