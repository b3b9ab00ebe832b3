/**
 * Faults a real local service cannot be asked to produce: a client middleware
 * that fails the nth matching call (counted from when it is installed) before
 * it leaves the process. Everything else about the call path stays real.
 */
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { S3Objects } from '#commons/clients/s3-objects.ts';

interface StackOwner {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }): void;
    remove(name: string): boolean;
  };
}

export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/**
 * Fails the `n`th call whose command name matches; returns a function that uninstalls it. On the functions'
 * DynamoDB client a call answers to lib-dynamodb's name (`BatchWriteCommand`) and to the low-level SDK
 * command's (`BatchWriteItemCommand`), the name its middleware saw.
 */
export function failNthCall(client: StackOwner | DynamoDocuments, command: RegExp, n: number): () => void {
  if ('intercept' in client) {
    let seen = 0;
    return client.intercept(async (call, next) => {
      if ((command.test(call.command) || command.test(`${call.operation}Command`)) && ++seen === n) throw new InjectedFault(`injected failure of ${call.command} (call ${n})`);
      return next(call);
    });
  }
  const name = `injected-fault-${Math.random().toString(36).slice(2)}`;
  let seen = 0;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName && command.test(context.commandName) && ++seen === n) {
        throw new InjectedFault(`injected failure of ${context.commandName} (call ${n})`);
      }
      return next(args);
    },
    { step: 'initialize', name, override: true },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}

/**
 * The same for the signer-only S3 calls (#commons/clients/s3-objects.ts), which have no middleware
 * stack: the instance's `operation` fails on its `n`th call; returns a function that uninstalls it.
 */
export function failNthObjectCall(objects: S3Objects, operation: 'getObject' | 'headObject' | 'putObject' | 'copyObject' | 'deleteObject', n: number): () => void {
  let seen = 0;
  const original = objects[operation];
  const failing = async function (this: S3Objects, ...args: unknown[]) {
    if (++seen === n) throw new InjectedFault(`injected failure of ${operation} (call ${n})`);
    return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  };
  Object.defineProperty(objects, operation, { value: failing, configurable: true, writable: true });
  return () => {
    delete (objects as unknown as Record<string, unknown>)[operation];
  };
}

/** A signed-request client with an interceptor hook (#commons/clients/sqs.ts `SqsQueues`). */
interface Intercepting<Call, Answer> {
  intercept(interceptor: (call: Call, next: (call: Call) => Promise<Answer>) => Promise<Answer>): () => void;
}

/**
 * While `armed`, fails every call `matches` picks before it leaves the process, through the client's own
 * interceptor hook; `remove` uninstalls it.
 */
export function failCallsWhile<Call extends { operation: string }, Answer>(client: Intercepting<Call, Answer>, matches: (call: Call) => boolean): { armed: boolean; remove: () => void } {
  const fault = {
    armed: false,
    remove: client.intercept(async (call, next) => {
      if (fault.armed && matches(call)) throw new InjectedFault(`injected failure of ${call.operation}`);
      return next(call);
    }),
  };
  return fault;
}
