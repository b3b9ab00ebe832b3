/**
 * The pinned S3 client with its operation schemas made tree-shakeable, for the Lambda bundles.
 *
 * `@aws-sdk/client-s3` keeps the schema of every S3 operation and structure in one module
 * (`dist-es/schemas/schemas_0.js`, 66 KB minified of publish's bundle), as arrays such as
 * `[9, n0, _PO, { [_h]: ["PUT", "/{Key+}?x-id=PutObject", 200] }, ...]`. The computed key `[_h]`
 * (a module constant, `const _h = "http"`) is an expression esbuild must assume may run code, so
 * no schema can be dropped, and every one of them is parsed and built at each cold start. Spelled
 * as the string it stands for (`{ "http": ... }`) the very same arrays are plain data: esbuild
 * keeps only the schemas the commands a function imports reach (16 KB).
 *
 * esbuild's CLI (which NodejsFunction runs) takes no plugins, so the rewrite is a copy: at synth,
 * the package's `dist-es` and `package.json` are copied under `node_modules/.cache/` with only
 * that module rewritten (and the package.json cut to what bundling reads: the client bundles the
 * whole file for its version, 2.5 KB with the scripts and dependency lists), and `bundleAliases`
 * points `@aws-sdk/client-s3` at the copy. The copy is
 * derived from the installed (pinned) version each time it is missing, never committed; the
 * copy's imports of other packages resolve to the same installed packages. Nothing else changes:
 * test/infra/constructs/bundling.test.ts holds every export of the rewritten module equal to the
 * original's and runs the bundled client against s3rver.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { placeCopy } from './package-copy.ts';

const projectRootDir = fileURLToPath(new URL('../..', import.meta.url));
const packageDir = join(projectRootDir, 'node_modules', '@aws-sdk', 'client-s3');
const schemasModule = join('dist-es', 'schemas', 'schemas_0.js');

/** Bump when the rewrite changes, so an old copy is not reused. */
const rewriteVersion = 2;

const installedVersion = (): string => (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

/** Where the copy of the installed version lives (inside node_modules: `npm ci` clears it with the rest). */
export const leanS3Dir = (): string => join(projectRootDir, 'node_modules', '.cache', 'syndicate', `client-s3@${installedVersion()}-lean${rewriteVersion}`);

/** The copy's entry, relative to the project root (where NodejsFunction runs esbuild), for `bundleAliases`. */
export const leanS3Entry = (): string => `./${relative(projectRootDir, join(leanS3Dir(), 'dist-es', 'index.js')).split('\\').join('/')}`;

/**
 * The schemas module with every computed key that names one of its string constants written as that
 * string. Fails, naming it, on a computed key it cannot resolve, so an SDK update that changes the
 * module's layout stops the synth instead of silently bundling every schema again.
 */
export function literalSchemaKeys(source: string): string {
  const constants = new Map([...source.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm)].map((m) => [m[1]!, m[2]!]));
  const rewritten = source.replace(/\[(_\w+)\]:/g, (whole, name: string) => {
    const value = constants.get(name);
    if (value === undefined) throw new Error(`lean S3: computed key ${whole} in ${schemasModule} is not one of its string constants`);
    return `${value}:`;
  });
  const left = rewritten.match(/\{[^{}]*\[[^\]]+\]:/);
  if (left) throw new Error(`lean S3: a computed key is left in ${schemasModule}: ${left[0].slice(-60)}`);
  return rewritten;
}

/** What esbuild reads of the package's manifest (resolution, side effects) and the client reads (its version). */
export const manifestFields = ['name', 'version', 'sideEffects', 'main', 'module', 'browser', 'react-native', 'types'] as const;

export function bundledManifest(text: string): Record<string, unknown> {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(manifestFields.filter((field) => field in manifest).map((field) => [field, manifest[field]]));
}

/**
 * Makes the copy if it is missing and returns its directory (package-copy.ts: staged, then renamed into place).
 */
export function prepareLeanS3(): string {
  return placeCopy(leanS3Dir(), schemasModule, /^client-s3@[^/]+-lean\d+$/, (staging) => {
    cpSync(join(packageDir, 'dist-es'), join(staging, 'dist-es'), { recursive: true });
    writeFileSync(join(staging, 'package.json'), JSON.stringify(bundledManifest(readFileSync(join(packageDir, 'package.json'), 'utf8'))));
    writeFileSync(join(staging, schemasModule), literalSchemaKeys(readFileSync(join(packageDir, schemasModule), 'utf8')));
  });
}
