import { relative } from 'node:path';
import ts from 'typescript';
import { entryOf, projectRoot, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { bundleOf, handlerCompilerOptions } from './environment-reads.ts';

/**
 * What a handler's code can ask AWS to do, found by walking the code it can run from `handler`
 * rather than everything its bundle holds: a bundle keeps whole classes, so publish carries the
 * subscription repository's `create` and `delete` although it only reads subscriptions.
 *
 * The walk starts at the entry's `handler` and at every module's top-level statements (they run at
 * import), and reaches a declaration when live code names it. A function or method body is walked
 * only once reached; an inline callback is walked with the code around it. A call through an
 * interface (the ports: `deps.source.read(...)`) reaches every same-named member of the classes and
 * object literals the walk has met, so the analysis errs towards granting too much, never too little.
 */
export interface SdkCalls {
  /** `@aws-sdk/<module>` → names imported from it and named by live code (`GetCommand`, `paginateQuery`, ...). */
  readonly sdk: ReadonlyMap<string, ReadonlySet<string>>;
  /** Transaction item kinds (`Put`, `Update`, `Delete`, `ConditionCheck`) built by live code for a table. */
  readonly transactionItems: ReadonlySet<string>;
  /** Live declarations, as `file#name` (project-relative file). */
  readonly reached: ReadonlySet<string>;
  /**
   * Each live declaration that names SDK calls or transaction items: what it names, and the key builders of
   * functions/adapters/keys.ts its code can reach (names only); when it reaches none (a paging helper
   * given its key), those its direct callers reach. What a function does in each partition is derived from these.
   */
  readonly callSites: ReadonlyArray<{ declaration: string; sdk: ReadonlyArray<readonly [string, string]>; transactionItems: readonly string[]; keyBuilders: readonly string[] }>;
}

const transactionKinds = new Set(['Put', 'Update', 'Delete', 'ConditionCheck']);

/** The module of our DynamoDB document commands, recorded in `sdk` under this name. */
export const documentCommandsModule = '#commons/clients/dynamo-commands.ts';
const documentCommandsFile = `${projectRoot}/functions/commons/clients/dynamo-commands.ts`;

const projectFilesOf = async (entry: string): Promise<string[]> => (await bundleOf(entry)).files;

const isFunctionLike = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

/** A function value given a name (`const f = () => ...`, `{ f: () => ... }`): its body runs only when the name is used. */
const isNamedFunctionValue = (node: ts.Node): boolean =>
  (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
  (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent));

/** The name being declared (`x` in `const x`, `{ x: 1 }`, `f(x)`), not a use; a member access and `{ x }` are uses. */
const namesADeclaration = (node: ts.Node): boolean =>
  (node.parent as { name?: ts.Node }).name === node && !ts.isPropertyAccessExpression(node.parent) && !ts.isShorthandPropertyAssignment(node.parent);

const memberName = (node: ts.Node): string | undefined => {
  const name = (node as { name?: ts.Node }).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
};

function analyse(program: ts.Program, files: readonly string[], entry: string): SdkCalls {
  const checker = program.getTypeChecker();
  const projectFiles = new Set(files);
  const sdk = new Map<string, Set<string>>();
  const transactionItems = new Set<string>();
  const reached = new Set<ts.Node>();
  const queue: ts.Node[] = [];
  /** Members of classes and object literals met so far, by name, for calls through interfaces. */
  const implementations = new Map<string, ts.Node[]>();
  const calledThroughInterface = new Set<string>();

  /** The declaration being walked, and what each one reaches and names (module top levels are not counted). */
  let walking: ts.Node | undefined;
  const edges = new Map<ts.Node, Set<ts.Node>>();
  const named = new Map<ts.Node, { sdk: Array<readonly [string, string]>; transactionItems: Set<string> }>();
  const namedBy = (node: ts.Node) => {
    const entry = named.get(node) ?? { sdk: [], transactionItems: new Set<string>() };
    named.set(node, entry);
    return entry;
  };
  const reach = (declaration: ts.Node) => {
    if (walking) edges.set(walking, (edges.get(walking) ?? new Set()).add(declaration));
    if (reached.has(declaration)) return;
    reached.add(declaration);
    queue.push(declaration);
  };
  const offer = (member: ts.Node) => {
    const name = memberName(member);
    if (!name) return;
    implementations.set(name, [...(implementations.get(name) ?? []), member]);
    if (calledThroughInterface.has(name)) reach(member);
  };
  // Type-only modules (the ports) are not in the bundle but declare the interfaces calls go through.
  const inProject = (node: ts.Node) => {
    const file = node.getSourceFile().fileName;
    return projectFiles.has(file) || (file.startsWith(`${projectRoot}/`) && !file.includes('/node_modules/'));
  };

  const resolve = (node: ts.Node) => {
    let symbol = checker.getSymbolAtLocation(node);
    if (!symbol) return;
    if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) symbol = checker.getShorthandAssignmentValueSymbol(node.parent) ?? symbol;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      const specifier = symbol.declarations?.find(ts.isImportSpecifier);
      const module = specifier?.parent.parent.parent.moduleSpecifier;
      if (specifier && module && ts.isStringLiteral(module) && module.text.startsWith('@aws-sdk/')) {
        recordSdk(module.text, (specifier.propertyName ?? specifier.name).text);
        return;
      }
      symbol = checker.getAliasedSymbol(symbol);
      // Our DynamoDB commands (signed requests in place of lib-dynamodb's) are calls as the SDK's are.
      if (symbol.declarations?.some((d) => d.getSourceFile().fileName === documentCommandsFile)) {
        recordSdk(documentCommandsModule, symbol.name);
        return;
      }
    }
    for (const declaration of symbol.declarations ?? []) {
      if (!inProject(declaration)) continue;
      if (ts.isPropertySignature(declaration) || ts.isMethodSignature(declaration)) {
        const name = memberName(declaration);
        if (name && !calledThroughInterface.has(name)) {
          calledThroughInterface.add(name);
          for (const member of implementations.get(name) ?? []) reach(member);
        }
      } else if (!ts.isParameter(declaration) && !ts.isTypeAliasDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) {
        reach(declaration);
      }
    }
  };

  const recordSdk = (module: string, name: string) => {
    if (walking) namedBy(walking).sdk.push([module, name]);
    const names = sdk.get(module) ?? new Set<string>();
    names.add(name);
    sdk.set(module, names);
  };
  /** A class or function of the SDK being called, however it was imported (`await import('@aws-sdk/...')` too). */
  const recordSdkCallee = (callee: ts.Expression) => {
    const symbol = checker.getTypeAtLocation(callee).getSymbol();
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
    const module = /\/node_modules\/(@aws-sdk\/[^/]+)\//.exec(file)?.[1];
    if (symbol && module) recordSdk(module, symbol.name);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node) || isNamedFunctionValue(node)) {
      return; // walked once reached
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) offer(property);
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property) && transactionKinds.has(memberName(property) ?? '') && ts.isObjectLiteralExpression(property.initializer) &&
          property.initializer.properties.some((inner) => memberName(inner) === 'TableName')) {
          transactionItems.add(memberName(property)!);
          if (walking) namedBy(walking).transactionItems.add(memberName(property)!);
        }
      }
    }
    if (ts.isClassExpression(node)) {
      walkClass(node);
      return;
    }
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) recordSdkCallee(node.expression);
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && !namesADeclaration(node)) resolve(node);
    ts.forEachChild(node, visit);
  };

  const walkClass = (node: ts.ClassLikeDeclaration) => {
    for (const clause of node.heritageClauses ?? []) for (const type of clause.types) visit(type.expression);
    for (const member of node.members) {
      if (ts.isConstructorDeclaration(member) || (ts.isPropertyDeclaration(member) && !(member.initializer && isNamedFunctionValue(member.initializer)))) {
        if (ts.isConstructorDeclaration(member)) reach(member);
        else if (member.initializer) visit(member.initializer);
      } else {
        offer(member);
      }
    }
  };

  /** A function's parameter defaults and body. */
  const walkFunction = (fn: ts.FunctionLikeDeclaration) => {
    for (const parameter of fn.parameters) if (parameter.initializer) visit(parameter.initializer);
    if (fn.body) ts.forEachChild(fn.body, visit);
  };

  const walk = (declaration: ts.Node) => {
    if (ts.isClassDeclaration(declaration)) walkClass(declaration);
    else if (isFunctionLike(declaration)) walkFunction(declaration);
    else if (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) {
      const value = declaration.initializer;
      if (value && isFunctionLike(value)) walkFunction(value);
      else if (value) visit(value);
    } else if (ts.isShorthandPropertyAssignment(declaration)) resolve(declaration.name);
    else if (ts.isExportAssignment(declaration)) visit(declaration.expression);
  };

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    for (const statement of source.statements) {
      visit(statement); // a module's top level runs at import; the functions it declares run when called
    }
    if (file === entry) {
      const handler = checker.getSymbolAtLocation(source) && checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'handler');
      if (!handler) throw new Error(`${relative(projectRoot, entry)} exports no handler`);
      const target = handler.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(handler) : handler;
      for (const declaration of target.declarations ?? []) reach(declaration);
    }
  }
  while (queue.length > 0) {
    walking = queue.pop()!;
    walk(walking);
  }
  walking = undefined;

  const names = new Set<string>();
  for (const declaration of reached) {
    const name = memberName(declaration);
    if (name) names.add(`${relative(projectRoot, declaration.getSourceFile().fileName)}#${name}`);
  }
  const keysFile = `${projectRoot}/functions/adapters/keys.ts`;
  const builders = (from: ts.Node): Set<string> => {
    const found = new Set<string>();
    const seen = new Set<ts.Node>([from]);
    const todo = [from];
    while (todo.length > 0) {
      const node = todo.pop()!;
      if (node.getSourceFile().fileName === keysFile) {
        // A builder is an export of keys.ts; its inner parts (a `pk` property met through a type) are not followed.
        const topLevel = ts.isVariableDeclaration(node) ? ts.isSourceFile(node.parent.parent.parent) : ts.isSourceFile(node.parent);
        if (topLevel && memberName(node)) found.add(memberName(node)!);
        continue;
      }
      for (const next of edges.get(node) ?? []) if (!seen.has(next)) seen.add(next), todo.push(next);
    }
    return found;
  };
  const callers = (of: ts.Node) => [...edges].filter(([, targets]) => targets.has(of)).map(([caller]) => caller);
  const callSites = [...named].map(([node, { sdk: calls, transactionItems: items }]) => {
    let keyBuilders = builders(node);
    if (keyBuilders.size === 0) keyBuilders = new Set(callers(node).flatMap((caller) => [...builders(caller)]));
    const where = `${relative(projectRoot, node.getSourceFile().fileName)}#${memberName(node) ?? node.pos}`;
    return { declaration: where, sdk: calls, transactionItems: [...items], keyBuilders: [...keyBuilders].sort() };
  });
  return { sdk, transactionItems, reached: names, callSites };
}

/** The SDK calls each handler's live code can make. */
export async function sdkCallsOf(names: readonly LambdaName[]): Promise<Map<LambdaName, SdkCalls>> {
  const filesByName = new Map<LambdaName, string[]>();
  for (const name of names) filesByName.set(name, await projectFilesOf(entryOf(name)));
  const program = ts.createProgram([...new Set([...filesByName.values()].flat())], handlerCompilerOptions);
  return new Map(names.map((name) => [name, analyse(program, filesByName.get(name)!, entryOf(name))]));
}
