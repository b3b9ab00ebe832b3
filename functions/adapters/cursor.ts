/**
 * Opaque paging cursors: a DynamoDB `LastEvaluatedKey` as base64url JSON.
 * Decoding something we did not issue throws `InvalidCursor`, which handlers
 * answer 400 rather than passing garbage to DynamoDB.
 */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  readonly status = 400;
  readonly code = 'invalid_cursor';
  constructor() {
    super('the cursor is not one this API gave out');
  }
}

export const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key) && Object.values(key).every((v) => typeof v === 'string')) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through: not ours
  }
  throw new InvalidCursor();
}
