/**
 * The four Lambda functions as the local runtime runs them: the same handler
 * modules the CDK stack bundles, loaded in this process after the environment
 * is set (clients are built from it on first use), with the timeouts of
 * infra/definitions.ts (`lambdas`), which the stack sets too.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdas, type LambdaName } from '#infra/definitions.ts';
import type { LambdaHandler } from './lambda/context.ts';

export type LocalFunctionName = LambdaName;
export const functionNames = Object.keys(lambdas) as LocalFunctionName[];

/** Timeouts (seconds), as the stack sets them. */
export const functionTimeouts = Object.fromEntries(functionNames.map((name) => [name, lambdas[name].timeoutSeconds])) as Record<LocalFunctionName, number>;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const handlerPath = (name: LocalFunctionName): string => join(repoRoot, 'functions', name, 'handler.ts');

export class FunctionMissing extends Error {
  override readonly name = 'FunctionMissing';
}

const loaded = new Map<LocalFunctionName, Promise<LambdaHandler<never>>>();

/** Imports `functions/<name>/handler.ts` once and returns its `handler` export. */
export function loadHandler<E>(name: LocalFunctionName): Promise<LambdaHandler<E>> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = (async () => {
      const path = handlerPath(name);
      if (!existsSync(path)) throw new FunctionMissing(`the ${name} function is not built yet (${path} does not exist)`);
      const module = (await import(path)) as { handler?: LambdaHandler<never> };
      if (typeof module.handler !== 'function') throw new FunctionMissing(`${path} does not export a handler function`);
      return module.handler;
    })();
    loaded.set(name, handler);
    handler.catch(() => loaded.delete(name));
  }
  return handler as Promise<LambdaHandler<E>>;
}
