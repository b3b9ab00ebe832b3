/**
 * The Lambda `context` object, as the runtime hands it to a handler, so
 * Powertools (logger, metrics) and timeouts behave as on AWS.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localAccountId, localRegion } from '../sqs/broker.ts';

export type LambdaHandler<E = unknown, R = unknown> = (event: E, context: Context) => Promise<R> | R;

export function lambdaContext(functionName: string, timeoutSeconds: number, requestId: string = randomUUID()): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export class LambdaTimeout extends Error {
  override readonly name = 'LambdaTimeout';
}

/**
 * Invokes a handler as Lambda would: a fresh context per call and the
 * function's timeout enforced (the caller sees a failure, as the event source
 * or API Gateway would; the handler's promise is abandoned, as a frozen
 * sandbox would be).
 */
export async function invokeLambda<E, R>(
  functionName: string,
  handler: LambdaHandler<E, R>,
  event: E,
  timeoutSeconds: number,
  requestId?: string,
): Promise<R> {
  const context = lambdaContext(functionName, timeoutSeconds, requestId);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeout(`${functionName} timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
