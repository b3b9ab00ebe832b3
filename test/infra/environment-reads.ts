import { join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import { entryOf, projectRoot, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { env as envNames } from '#infra/definitions.ts';

/** Where in the code a variable is read, for messages that point at the line. */
export interface EnvironmentRead {
  readonly name: string;
  readonly at: string;
  /** The top-level declarations the read sits in; the read is live where the bundle keeps one of them. */
  readonly within: string[];
}

const variableName = /^[A-Z][A-Z0-9_]*$/;
const definedNames = new Set<string>(Object.values(envNames));

export interface HandlerBundle {
  /** Project files in the handler's bundle (packages left out: they read only the SDK's and Node's own variables). */
  readonly files: string[];
  /** The tree-shaken, unminified bundle: a declaration absent from it is dead code for this handler. */
  readonly code: string;
}

/** A handler's tree-shaken bundle, packages left out (shared with sdk-calls.ts). */
export async function bundleOf(entry: string): Promise<HandlerBundle> {
  const packagesExternal: Plugin = {
    name: 'packages-external',
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./#]/ }, (args) => ({ path: args.path, external: true }));
    },
  };
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: projectRoot,
    bundle: true,
    write: false,
    outfile: 'handler.mjs',
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [packagesExternal],
  });
  return {
    files: Object.keys(result.metafile.inputs)
      .filter((file) => /\.ts$/.test(file))
      .map((file) => join(projectRoot, file)),
    code: result.outputFiles.map((file) => file.text).join('\n'),
  };
}

/** Names declared by the top-level statement that holds `node` (empty for a bare top-level expression). */
function topLevelNames(node: ts.Node): string[] {
  let statement = node;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => (ts.isIdentifier(declaration.name) ? [declaration.name.text] : []));
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  return [];
}

function isProcessEnv(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  if (expression.getText() === 'process.env') return true;
  const type = checker.getTypeAtLocation(expression);
  return type.aliasSymbol?.name === 'ProcessEnv' || type.getSymbol()?.name === 'ProcessEnv';
}

/**
 * Every environment variable the code of `files` may read, found with the type checker rather than
 * by pattern, so indirection does not hide a read:
 * - `process.env.X`, and `env.X` on any value typed `NodeJS.ProcessEnv`;
 * - an index whose type is a string literal (`process.env[env.tableName]`, `env[names.feedsBaseUrl]`,
 *   `process.env[SOME_CONST]`);
 * - any expression typed as one of the names in `infra/definitions.ts` (`requiredEnv(envNames.tableName)`):
 *   naming a variable is taken as reading it, which errs on the side of setting too much, never too little.
 */
/** How the handlers' sources are type-checked for analysis (shared with sdk-calls.ts). */
export const handlerCompilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

function readsIn(files: string[]): EnvironmentRead[] {
  const program = ts.createProgram(files, handlerCompilerOptions);
  const checker = program.getTypeChecker();
  const reads: EnvironmentRead[] = [];
  const literalOf = (node: ts.Node): string | undefined => {
    const type = checker.getTypeAtLocation(node);
    return type.isStringLiteral() ? type.value : undefined;
  };
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    const record = (name: string, node: ts.Node) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      reads.push({ name, at: `${relative(projectRoot, file)}:${line + 1}`, within: topLevelNames(node) });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression, checker) && variableName.test(node.name.text)) {
        record(node.name.text, node);
      } else if (ts.isElementAccessExpression(node)) {
        const name = literalOf(node.argumentExpression);
        if (name && variableName.test(name) && (isProcessEnv(node.expression, checker) || definedNames.has(name))) record(name, node);
      } else if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && !ts.isPropertyAccessExpression(node.parent)) {
        const name = literalOf(node);
        if (name && definedNames.has(name)) record(name, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return reads;
}

const keeps = (code: string, name: string) => new RegExp(`\\b(?:function|class|var|let|const)\\s+${name}\\d*\\b`).test(code);

/**
 * The environment variables each handler's code may read, with where. A read counts for a handler when
 * its file is in the handler's bundle and esbuild's tree-shaking kept the declaration it sits in, so a
 * helper the handler never calls (`bucketName()` beside `tableName()`) does not count.
 */
export async function environmentReads(names: readonly LambdaName[]): Promise<Map<LambdaName, EnvironmentRead[]>> {
  const definitions = join(projectRoot, 'infra', 'definitions.ts');
  const bundles = new Map<LambdaName, HandlerBundle>();
  for (const name of names) bundles.set(name, await bundleOf(entryOf(name)));
  const files = [...new Set([...bundles.values()].flatMap((bundle) => bundle.files))].filter((file) => file !== definitions);
  const reads = readsIn(files);
  const fileOf = (read: EnvironmentRead) => join(projectRoot, read.at.replace(/:\d+$/, ''));
  return new Map(
    names.map((name) => {
      const bundle = bundles.get(name)!;
      const live = (read: EnvironmentRead) =>
        bundle.files.includes(fileOf(read)) && (read.within.length === 0 || read.within.some((declared) => keeps(bundle.code, declared)));
      return [name, reads.filter(live)];
    }),
  );
}
