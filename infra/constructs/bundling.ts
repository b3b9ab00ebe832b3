import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

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
 * - `postcss` → a stub that throws (postcss-absent.ts explains why that is safe and fails closed).
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  htmlparser2: './node_modules/htmlparser2/dist/esm/index.js',
  entities: 'entities',
  postcss: './infra/constructs/postcss-absent.ts',
};

/**
 * Credential sources the SDK's default chain imports lazily, only after `fromEnv` fails. Lambda
 * always sets the environment credentials (and never AWS_PROFILE), so on Lambda these modules are
 * never imported; bundled, they (with the STS/SSO clients they pull in) cost ~90 KB per function. A
 * function configured with AWS_PROFILE would fail loudly on the missing module, not silently.
 */
export const credentialSourcesAbsentOnLambda: readonly string[] = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
];

/**
 * esbuild options shared by every handler (the bench measures exactly what `cdk synth` builds).
 * - ESM, because the handlers use top-level await and `import.meta`; the banner gives bundled
 *   CommonJS dependencies a `require` for Node built-ins.
 * - The AWS SDK is bundled at the version pinned in package-lock.json instead of whatever the Lambda
 *   runtime happens to ship, so local runs and Lambda execute the same SDK; only the credential
 *   sources above stay out.
 * - target node20: the same bundle must load on the developers' Node 20 (local runtime, bench);
 *   Node 24 on Lambda runs it unchanged.
 * - Source maps without sources content keep bundles small while stack traces still point at the
 *   TypeScript (`--enable-source-maps`, set in NODE_OPTIONS by SyndicateFunction).
 */
export const bundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node20',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [...credentialSourcesAbsentOnLambda],
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __syndicateRequire } from 'node:module';const require = __syndicateRequire(import.meta.url);",
  esbuildArgs: { '--alias': Object.entries(bundleAliases).map(([from, to]) => `${from}=${to}`) },
};
