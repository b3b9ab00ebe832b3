import { join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import { entryOf, projectRoot, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { env as envNames } from '#infra/definitions.ts';

/** Where in the code a variable is read, for messages that point at the line. */
export interface EnvironmentRead {
  readonly name: string;
  readonly at: string;
}

const variableName = /^[A-Z][A-Z0-9_]*$/;
const definedNames = new Set<string>(Object.values(envNames));

/** Project files a handler's bundle contains (packages left out: they read only the SDK's and Node's own variables). */
async function reachableSources(entry: string): Promise<string[]> {
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
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [packagesExternal],
  });
  return Object.keys(result.metafile.inputs)
    .filter((file) => /\.ts$/.test(file))
    .map((file) => join(projectRoot, file));
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
function readsIn(files: string[]): EnvironmentRead[] {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
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
      reads.push({ name, at: `${relative(projectRoot, file)}:${line + 1}` });
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

/** The environment variables each handler's code may read, with where. */
export async function environmentReads(names: readonly LambdaName[]): Promise<Map<LambdaName, EnvironmentRead[]>> {
  const definitions = join(projectRoot, 'infra', 'definitions.ts');
  const sources = new Map<LambdaName, string[]>();
  for (const name of names) sources.set(name, (await reachableSources(entryOf(name))).filter((file) => file !== definitions));
  const reads = readsIn([...new Set([...sources.values()].flat())]);
  const byFile = (read: EnvironmentRead) => join(projectRoot, read.at.replace(/:\d+$/, ''));
  return new Map(names.map((name) => [name, reads.filter((read) => sources.get(name)!.includes(byFile(read)))]));
}
