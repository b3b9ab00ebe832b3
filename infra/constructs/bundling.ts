import { fileURLToPath } from 'node:url';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { LambdaName } from '#infra/definitions.ts';
import { leanEntitiesEntry, prepareLeanEntities } from './lean-entities.ts';

/**
 * What a function's bundle (`index.mjs`, source map excluded) may weigh, and its cold import take in
 * the bench (issue 15). Bytes are deterministic, so the size is a test (test/infra/stacks/bundling.test.ts);
 * the import time is a bench figure (`npm run bench -- bundles`), never a test.
 */
export const bundleBudget = { maxKB: 500, coldImportMs: 60 } as const;

/**
 * Functions that do not fit the budget yet, each held to a ceiling a little above its measured size so
 * it cannot grow unnoticed while it waits (figures and what is big: BENCHMARKS.md, bundles). Lower a
 * ceiling when a bundle shrinks; remove the entry once it fits.
 */
export const overBudget: Partial<Record<LambdaName, { readonly ceilingKB: number; readonly why: string }>> = {
};

/**
 * Modules resolved differently in the Lambda bundles, each to cut bytes Lambda would load and never
 * run (measured by `npm run bench -- bundles`; analysed with esbuild's metafile). Paths are relative to
 * the project root, where NodejsFunction runs esbuild.
 * - `htmlparser2` → its ESM build. The core imports htmlparser2 (ESM) and sanitize-html requires it
 *   (CommonJS); through the package's `exports` each got its own build, so htmlparser2, domhandler,
 *   domutils, dom-serializer and both versions of `entities` were bundled twice (~170 KB).
 * - `entities` → the project's entities 7 for every importer. dom-serializer 2 pins entities 4 for
 *   the three escaping functions it calls; 7 has the same functions with the same output (proved in
 *   test/infra/constructs/bundling.test.ts), and a second copy of the HTML entity tables is ~75 KB.
 *   Bundled from a copy whose decode tables Node's base64 decodes (lean-entities.ts: the same tables,
 *   ~12 M fewer instructions at the cold start of a function that reads HTML).
 * - `postcss` → a stub that throws (postcss-absent.ts explains why that is safe and fails closed).
 * - `dayjs` → a stub that throws (dayjs-absent.ts: required by launder's date helpers, which
 *   sanitize-html never calls; ~7 KB of ingest).
 * No function bundles an SDK client any more (every AWS call is a signed request:
 * functions/commons/clients/), so the stand-ins that served them are gone: the S3 client's lean copy and
 * SHA-1, the DynamoDB client's endpoint cache, the event-streams stub, the credential sources left
 * external, and `node:process` as the global (only the SDK's user-agent code imported it) (BENCHMARKS.md, bundles).
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  htmlparser2: './node_modules/htmlparser2/dist/esm/index.js',
  entities: leanEntitiesEntry(),
  postcss: './infra/constructs/postcss-absent.ts',
  dayjs: './infra/constructs/dayjs-absent.ts',
};

/**
 * Makes the package copy `bundleAliases` points into, where missing (lean-entities.ts), and returns
 * its folder. Anything that bundles with these options calls it first.
 */
export function prepareBundleCopies(): string {
  return prepareLeanEntities();
}

/**
 * esbuild options shared by every handler (the bench measures exactly what `cdk synth` builds).
 * - ESM, because the handlers use top-level await and `import.meta`; the banner gives bundled
 *   CommonJS dependencies a `require` for Node built-ins.
 * - Nothing is external: what the functions use of the AWS SDK (util-dynamodb, which marshals DynamoDB's
 *   items; every AWS call is a signed request of ours, functions/commons/clients/) is bundled at the
 *   version pinned in package-lock.json, not left to whatever the Lambda runtime ships (NodejsFunction's
 *   default leaves `@aws-sdk/*` out).
 * - target node20: the same bundle must load on the developers' Node 20 (local runtime, bench);
 *   Node 24 on Lambda runs it unchanged.
 * - Source maps without sources content keep bundles small. Each map ships beside `index.mjs` without
 *   being named in it, and no function runs with `--enable-source-maps`, which would have Node parse the
 *   map and walk the whole bundle at every cold start (9 to 12 ms of publish's, subscriptions' and
 *   deliver's import; a sixth of ingest's: BENCHMARKS.md, bundles) for an error most containers never
 *   meet. The errors a function logs, and those its handler throws, are mapped when they happen
 *   (functions/commons/original-stack.ts).
 */
export const bundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node20',
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.EXTERNAL,
  sourcesContent: false,
  externalModules: [],
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __syndicateRequire } from 'node:module';const require = __syndicateRequire(import.meta.url);",
  esbuildArgs: { '--alias': Object.entries(bundleAliases).map(([from, to]) => `${from}=${to}`) },
};

/**
 * The same options for esbuild's own API, for code that bundles outside NodejsFunction with the stack's
 * settings (the bundling tests, the bench's Tracer probe). Paths resolve from `absWorkingDir: projectRoot`.
 */
export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: bundling.target,
  minify: bundling.minify,
  mainFields: bundling.mainFields,
  banner: { js: bundling.banner! },
  alias: { ...bundleAliases },
} satisfies BuildOptions;

/** The project root (syndicate-function.ts has it too, but imports this file). */
const projectRootDir = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles a snippet of module source (imports resolved from the project root) to `outfile` with the stack's options. */
export async function bundleSnippet(contents: string, outfile: string): Promise<string> {
  const { build } = await import('esbuild');
  prepareBundleCopies();
  await build({ stdin: { contents, resolveDir: projectRootDir, loader: 'ts' }, absWorkingDir: projectRootDir, ...esbuildOptions, outfile, logLevel: 'error' });
  return outfile;
}
