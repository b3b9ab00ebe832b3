/**
 * entities 7 with its two decode tables decoded by Node, for the Lambda bundles.
 *
 * htmlparser2 decodes character references with entities' HTML and XML tables, which the package ships
 * as base64 strings and turns into `Uint16Array`s when its modules load
 * (`dist/esm/internal/decode-shared.js`): a JavaScript loop over `atob`'s binary string, 12,000 rounds
 * of code that has never run before, at every cold start of a function that reads HTML (about 12 M
 * instructions of ingest's import). `Buffer.from(input, 'base64')` gives the same bytes natively.
 *
 * esbuild's CLI (which NodejsFunction runs) takes no plugins, so this is a copy: the installed
 * package's ESM build under `node_modules/.cache/` with only that module rewritten, and `bundleAliases`
 * points `entities` at it. An alias to a folder resolves `entities/decode` as the file `decode.js` of
 * that folder, so the copy has one such file per subpath the package exports. Made from the installed
 * (pinned) version each time it is missing, never committed. test/infra/constructs/bundling.test.ts
 * holds both tables of the copy equal to the package's own.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { placeCopy } from './package-copy.ts';

const projectRootDir = fileURLToPath(new URL('../..', import.meta.url));
const packageDir = join(projectRootDir, 'node_modules', 'entities');
const sharedModule = join('dist', 'esm', 'internal', 'decode-shared.js');

/** Bump when the rewrite changes, so an old copy is not reused. */
const rewriteVersion = 1;

interface Manifest {
  version: string;
  exports: Record<string, { import?: { default?: string } }>;
}
const manifest = (): Manifest => JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;

/** Where the copy of the installed version lives (inside node_modules: `npm ci` clears it with the rest). */
export const leanEntitiesDir = (): string => join(projectRootDir, 'node_modules', '.cache', 'syndicate', `entities@${manifest().version}-lean${rewriteVersion}`);

/** The copy's folder, relative to the project root (where NodejsFunction runs esbuild), for `bundleAliases`. */
export const leanEntitiesEntry = (): string => `./${relative(projectRootDir, leanEntitiesDir()).split('\\').join('/')}`;

/** The same little-endian 16-bit words as entities' `decodeBase64`, from Node's native base64 decoder. */
export const nativeDecodeShared = `// Written by infra/constructs/lean-entities.ts in place of entities' decode-shared.js (same output).
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export function decodeBase64(input) {
    const bytes = Buffer.from(input, "base64");
    const out = new Uint16Array(bytes.length >> 1);
    if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
    else for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
    return out;
}
`;

/**
 * Makes the copy if it is missing and returns its folder. Fails, naming it, when the installed module no
 * longer is the one this replaces, so an update of entities stops the synth instead of bundling a stale rewrite.
 */
export function prepareLeanEntities(): string {
  return placeCopy(leanEntitiesDir(), sharedModule, /^entities@[^/]+-lean\d+$/, (staging) => {
    const original = readFileSync(join(packageDir, sharedModule), 'utf8');
    if (!/export function decodeBase64\(input\)/.test(original) || /^export (?!function decodeBase64)/m.test(original)) {
      throw new Error(`lean entities: ${sharedModule} no longer exports just decodeBase64(input); check the rewrite in infra/constructs/lean-entities.ts`);
    }
    cpSync(join(packageDir, 'dist', 'esm'), join(staging, 'dist', 'esm'), { recursive: true });
    writeFileSync(join(staging, sharedModule), nativeDecodeShared);
    const { version, exports } = manifest();
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'entities', version, type: 'module', sideEffects: false, module: './dist/esm/index.js', main: './dist/esm/index.js' }));
    for (const [subpath, conditions] of Object.entries(exports)) {
      if (subpath === '.' || !conditions.import?.default) continue;
      writeFileSync(join(staging, `${subpath.slice(2)}.js`), `export * from ${JSON.stringify(conditions.import.default)};\n`);
    }
  });
}
