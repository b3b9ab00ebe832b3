/**
 * `npm run article-check`: writes functions/core/article/article-check.ts, the `Article` schema of
 * functions/core/article/schema.ts compiled to plain checks. Publish reads every article it renders
 * from stream images and feed items and checks each against the schema; with zod that meant bundling
 * zod and building the whole schema module at every cold start (about 28 KB and a sixth of publish's
 * cold import, BENCHMARKS.md, bundles), for one schema that changes rarely. The compiled check
 * accepts, returns and refuses exactly as `Article.safeParse` does (same output object, unknown keys
 * dropped, the same first issue's path); test/core/article/article-check.test.ts holds the two
 * together and fails when the file falls behind the schema.
 *
 * It compiles the zod/mini constructs the schema uses and refuses, naming it, any other (unions,
 * defaults, transforms...), so a schema change that needs more fails here rather than compiling wrong.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { regexes } from 'zod/v4/core';
import { Article } from '../../functions/core/article/schema.ts';

export const articleCheckFile = fileURLToPath(new URL('../../functions/core/article/article-check.ts', import.meta.url));

/** What the generator reads of a zod schema or check: its `_zod.def`. */
interface Def {
  type?: string;
  check?: string;
  format?: string;
  coerce?: boolean;
  pattern?: RegExp;
  protocol?: RegExp;
  hostname?: RegExp;
  normalize?: boolean;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
  entries?: Record<string, string | number>;
  element?: Node;
  innerType?: Node;
  shape?: Record<string, Node>;
  catchall?: Node;
  checks?: Node[];
}
interface Node {
  _zod: { def: Def; traits: Set<string> };
}

const unsupported = (what: string): never => {
  throw new Error(`article-check: the Article schema uses ${what}, which the generator does not compile; extend tools/article-check/generate.ts`);
};

class Emitter {
  private readonly constants = new Map<string, string>(); // text → name
  private readonly functions = new Map<string, string>(); // body → name
  private readonly names = new Map<Node, string>();

  /** A module-level constant; equal texts share one. */
  constant(prefix: string, text: string): string {
    let name = this.constants.get(text);
    if (!name) this.constants.set(text, (name = `${prefix}${this.constants.size}`));
    return name;
  }

  /** The name of the function checking `node`; schemas that compile to the same checks share one. */
  checker(node: Node): string {
    let name = this.names.get(node);
    if (name) return name;
    const body = this.body(node).map((line) => `  ${line}`).join('\n');
    name = this.functions.get(body);
    if (!name) this.functions.set(body, (name = `check${this.functions.size}`));
    this.names.set(node, name);
    return name;
  }

  text(root: string): string {
    const constants = [...this.constants].map(([text, name]) => `const ${name} = ${text};`);
    const functions = [...this.functions].map(([body, name]) => `function ${name}(v: unknown, p: Path): unknown {\n${body}\n}\n`);
    return [...constants, '', ...functions, root].join('\n');
  }

  private regex(pattern: RegExp): string {
    return this.constant('pattern', pattern.toString());
  }

  private test(pattern: RegExp, value: string): string {
    const name = this.regex(pattern);
    return /[gy]/.test(pattern.flags) ? `(${name}.lastIndex = 0, ${name}.test(${value}))` : `${name}.test(${value})`;
  }

  /** The checks a schema runs after its type: the schema itself when it is a format, then `.check(...)`. */
  private checks(node: Node, type: 'string' | 'number' | 'array'): string[] {
    const def = node._zod.def;
    const own = node._zod.traits.has('$ZodCheck') ? [node] : [];
    return [...own, ...(def.checks ?? [])].flatMap((check) => this.check(check._zod.def, type));
  }

  private check(def: Def, type: 'string' | 'number' | 'array'): string[] {
    switch (def.check) {
      case 'min_length': {
        const n = def.minimum!;
        // zod counts a string's code points (a surrogate pair is one), an array's elements
        const length = type === 'string' ? `(v.length >= ${n} && v.length < ${2 * n} ? codePoints(v) : v.length)` : 'v.length';
        return [`if (${length} < ${n}) refuse(p, 'too short: at least ${n} expected');`];
      }
      case 'greater_than':
        return [`if (!(v ${def.inclusive ? '>=' : '>'} ${def.value})) refuse(p, 'too small: ${def.inclusive ? 'at least' : 'more than'} ${def.value} expected');`];
      case 'less_than':
        return [`if (!(v ${def.inclusive ? '<=' : '<'} ${def.value})) refuse(p, 'too big: ${def.inclusive ? 'at most' : 'less than'} ${def.value} expected');`];
      case 'number_format':
        if (def.format !== 'safeint') return unsupported(`the number format ${def.format}`);
        return ["if (!Number.isInteger(v)) refuse(p, 'expected an integer');", "if (!Number.isSafeInteger(v)) refuse(p, 'integer outside the safe range');"];
      case 'string_format':
        if (def.format === 'url') return this.url(def);
        if (!def.pattern) return unsupported(`the string format ${def.format} without a pattern`);
        return [`if (!${this.test(def.pattern, 'v')}) refuse(p, 'invalid ${def.format === 'regex' ? 'format' : def.format}');`];
      default:
        return unsupported(`the check ${def.check}`);
    }
  }

  /** zod's URL check: trimmed, parsed by WHATWG URL, protocol and hostname tested; the value becomes the trimmed text. */
  private url(def: Def): string[] {
    if (def.normalize) return unsupported('a normalising URL');
    const lines = ['const t = v.trim();'];
    if (!('hostname' in def) && !('protocol' in def) && !('normalize' in def)) {
      lines.push("if (!canParse(t)) refuse(p, 'invalid url');");
    } else {
      if (def.protocol?.source === regexes.httpProtocol.source) lines.push("if (!/^https?:\\/\\//i.test(t)) refuse(p, 'invalid url');");
      lines.push('const url = parseUrl(t);', "if (!url) return refuse(p, 'invalid url');");
      if (def.hostname) lines.push(`if (!${this.test(def.hostname, 'url.hostname')}) refuse(p, 'invalid url hostname');`);
      if (def.protocol) lines.push(`if (!${this.test(def.protocol, "(url.protocol.endsWith(':') ? url.protocol.slice(0, -1) : url.protocol)")}) refuse(p, 'invalid url protocol');`);
    }
    lines.push("v = t.replace(/[\\t\\n\\r]/g, '');");
    return lines;
  }

  private body(node: Node): string[] {
    const def = node._zod.def;
    if (def.coerce) return unsupported('coercion');
    switch (def.type) {
      case 'string':
        return ["if (typeof v !== 'string') return refuse(p, 'expected a string');", ...this.checks(node, 'string'), 'return v;'];
      case 'number':
        return ["if (typeof v !== 'number' || !Number.isFinite(v)) return refuse(p, 'expected a number');", ...this.checks(node, 'number'), 'return v;'];
      case 'boolean':
        if (def.checks?.length) return unsupported('checks on a boolean');
        return ["if (typeof v !== 'boolean') refuse(p, 'expected a boolean');", 'return v;'];
      case 'enum': {
        if (def.checks?.length) return unsupported('checks on an enum');
        const values = Object.values(def.entries!);
        const set = this.constant('values', `new Set<unknown>(${JSON.stringify(values)})`);
        return [`if (!${set}.has(v)) refuse(p, 'expected one of ${values.join(', ')}');`, 'return v;'];
      }
      case 'optional': {
        const inner = def.innerType!;
        if (inner._zod.def.type === 'default' || inner._zod.def.type === 'prefault') return unsupported('a default');
        return [`return v === undefined ? undefined : ${this.checker(inner)}(v, p);`];
      }
      case 'array':
        return [
          "if (!Array.isArray(v)) return refuse(p, 'expected an array');",
          'const items: unknown[] = v;',
          // a loop, not map(): a hole in a sparse array is checked (as undefined), as zod checks it
          'const out: unknown[] = [];',
          `for (let i = 0; i < items.length; i++) out.push(${this.checker(def.element!)}(items[i], [...p, i]));`,
          ...this.checks(node, 'array'),
          'return out;',
        ];
      case 'object':
        return this.object(node);
      default:
        return unsupported(`the type ${def.type}`);
    }
  }

  /** Keys in the schema's order; an optional key absent from the input stays absent; unknown keys are dropped. */
  private object(node: Node): string[] {
    const def = node._zod.def;
    if (def.catchall) return unsupported('an object with a catchall (strict or loose object)');
    if (def.checks?.length) return unsupported('checks on an object');
    const lines = ["if (typeof v !== 'object' || v === null || Array.isArray(v)) return refuse(p, 'expected an object');", 'const o = v as Record<string, unknown>;', 'const out: Record<string, unknown> = {};'];
    for (const [key, field] of Object.entries(def.shape!)) {
      if (key === '__proto__') return unsupported('a __proto__ key');
      const k = JSON.stringify(key);
      const call = `${this.checker(field)}(o[${k}], [...p, ${k}])`;
      lines.push(field._zod.def.type === 'optional' ? `if (${k} in o) out[${k}] = ${call};` : `out[${k}] = ${call};`);
    }
    lines.push('return out;');
    return lines;
  }
}

const header = `/**
 * GENERATED by \`npm run article-check\` (tools/article-check/generate.ts) from \`Article\` in
 * schema.ts: do not edit. The schema compiled to plain checks, so publish checks what it reads
 * without bundling zod (BENCHMARKS.md, bundles). \`checkArticle\` answers as \`Article.safeParse\`
 * does: the same output (unknown keys dropped), or the first issue's path
 * (test/core/article/article-check.test.ts holds the two together).
 */
import { canParse, codePoints, parseUrl, Refusal, refuse, type ArticleIssue, type Path } from './article-check-runtime.ts';
import type { Article } from './schema.ts';

export type ArticleCheck = { readonly success: true; readonly data: Article } | { readonly success: false; readonly error: { readonly issues: readonly ArticleIssue[] } };
`;

/** The file's exact text for the current schema. */
export function articleCheckText(): string {
  const emitter = new Emitter();
  const root = emitter.checker(Article as unknown as Node);
  const entry = `export function checkArticle(input: unknown): ArticleCheck {
  try {
    return { success: true, data: ${root}(input, []) as Article };
  } catch (error) {
    if (error instanceof Refusal) return { success: false, error: { issues: [error.issue] } };
    throw error;
  }
}
`;
  return `${header}\n${emitter.text(entry)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(articleCheckFile, articleCheckText());
  console.log(`wrote ${articleCheckFile}`);
}
