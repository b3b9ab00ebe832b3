/**
 * An error's stack with bundle positions mapped back to the TypeScript, read from the source map
 * shipped beside the bundle only when an error is logged.
 *
 * Why not `--enable-source-maps`: with it, Node reads and parses the whole map and walks every
 * character of the bundle at import, to have the map ready for an error that most containers never
 * meet (about 60 M instructions, a sixth of ingest's cold import; 9 to 12 ms of each other function's:
 * BENCHMARKS.md, bundles). Every function is bundled with its map beside it but not named in the bundle
 * (infra/constructs/bundling.ts), so it pays that only on this path, which is rare by definition.
 *
 * What is mapped: every error a function's logger serialises (the shared logger, observability.ts), and
 * an error thrown out of a handler wrapped in `mappingThrownStacks`, whose stack the Lambda runtime then
 * prints mapped. What is not: an error thrown while the bundle is imported, before any of this runs, which
 * keeps `index.mjs:line:column`. Where there is no map (tests and the local runtime run the TypeScript,
 * whose stacks need none; a map that fails to load) the stack is left as it is.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

let cached: { readonly url: string; readonly map: SourceMap | undefined } | undefined;

function mapBeside(bundleUrl: string): SourceMap | undefined {
  if (cached?.url !== bundleUrl) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundleUrl)}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      map = undefined; // no map beside this module: nothing to map
    }
    cached = { url: bundleUrl, map };
  }
  return cached.map;
}

/** The map's source paths climb out of the build folder (`../../…/functions/ingest/api.ts`): keep the project-relative part. */
const projectPath = (source: string): string => /(?:^|\/)((?:functions|infra|node_modules)\/.*)$/.exec(source)?.[1] ?? source.replace(/^(?:\.\.\/)+/, '');

/** `stack` with each `bundleUrl:line:column` replaced by the original `file:line:column` (1-based, as stacks print). */
export function originalStack(stack: string, bundleUrl: string): string {
  if (!stack.includes(bundleUrl)) return stack;
  const map = mapBeside(bundleUrl);
  if (!map) return stack;
  const escaped = bundleUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return stack.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g'), (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    return `${projectPath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** This module's own URL: in a bundle, the bundle's, whose frames are the ones to map. */
const bundleUrl = import.meta.url;

/** `error` with its stack (and its causes') mapped in place, for logging; anything else unchanged. */
export function withOriginalStack<T>(error: T): T {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.stack) e.stack = originalStack(e.stack, bundleUrl);
  }
  return error;
}

/**
 * `handler` with the stack of whatever it throws mapped in place before it leaves: the Lambda runtime
 * prints a thrown error's stack itself (and fails or retries the event as before: the same error is rethrown).
 */
export function mappingThrownStacks<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw withOriginalStack(error);
    }
  };
}
