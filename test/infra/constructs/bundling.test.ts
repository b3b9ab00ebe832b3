import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type sanitizeHtmlType from 'sanitize-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSnippet, esbuildOptions, prepareBundleCopies } from '#infra/constructs/bundling.ts';
import { prepareLeanEntities } from '#infra/constructs/lean-entities.ts';
import { projectRoot } from '#infra/constructs/syndicate-function.ts';
import { parseArticle } from '#core/parse/index.ts';
import { useLocalServices, type TestServices } from '../../support/services.ts';

type Escape = (text: string) => string;
interface Entities {
  encodeXML: Escape;
  escapeAttribute: Escape;
  escapeText: Escape;
}

describe('the entities alias', () => {
  // What dom-serializer would load without the alias, and what the alias gives it.
  const pinned = createRequire(createRequire(join(projectRoot, 'package.json')).resolve('dom-serializer'))('entities') as Entities;
  const project = createRequire(join(projectRoot, 'package.json'))('entities') as Entities;

  const interesting = fc.constantFrom('&', '<', '>', '"', "'", '\u00a0', 'é', '😀', '&amp;', '\u2028', '\ud800', ' ');
  const text = fc.array(fc.oneof(interesting, fc.string({ unit: 'binary' })), { maxLength: 12 }).map((parts) => parts.join(''));
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  // The two dom.ts reaches: it serialises with `encodeEntities: 'utf8'`.
  it.each(['escapeAttribute', 'escapeText'] as const)('gives dom-serializer a %s that escapes exactly as its own, on any text', (name) => {
    fc.assert(fc.property(text, (value) => project[name](value) === pinned[name](value)), { numRuns: 500 });
  });

  it('gives dom-serializer an encodeXML that agrees on well-formed text and fixes one bug on malformed text', () => {
    fc.assert(fc.property(text.filter((value) => !loneSurrogate.test(value)), (value) => project.encodeXML(value) === pinned.encodeXML(value)), {
      numRuns: 500,
    });
    // entities 4 swallows the character after a lone surrogate; 7 keeps it (and the normaliser strips lone surrogates anyway).
    expect(pinned.encodeXML('a\ud800b')).toBe('a&#xd800;');
    expect(project.encodeXML('a\ud800b')).toBe('a&#xd800;b');
  });
});

describe('the lean entities copy (its decode tables decoded by Node, not a loop at each cold start)', () => {
  type Decode = (input: string) => Uint16Array;
  const load = async (path: string) => (await import(pathToFileURL(path).href)) as Record<string, unknown>;

  it('gives htmlparser2 the very HTML and XML decode tables of the installed package', async () => {
    const own = await load(join(projectRoot, 'node_modules', 'entities', 'dist', 'esm', 'decode.js'));
    const lean = await load(join(prepareLeanEntities(), 'decode.js'));
    expect(Object.keys(lean).sort()).toEqual(Object.keys(own).sort());
    for (const table of ['htmlDecodeTree', 'xmlDecodeTree']) {
      expect(lean[table]).toBeInstanceOf(Uint16Array);
      expect(Array.from(lean[table] as Uint16Array)).toEqual(Array.from(own[table] as Uint16Array));
    }
  });

  it('decodes any base64, odd byte counts included, to the same words as the package', async () => {
    const own = (await load(join(projectRoot, 'node_modules', 'entities', 'dist', 'esm', 'internal', 'decode-shared.js'))).decodeBase64 as Decode;
    const lean = (await load(join(prepareLeanEntities(), 'dist', 'esm', 'internal', 'decode-shared.js'))).decodeBase64 as Decode;
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const input = Buffer.from(bytes).toString('base64');
      expect(Array.from(lean(input))).toEqual(Array.from(own(input)));
    }), { numRuns: 300 });
  });
});

describe('the parser, bundled with the Lambda options', () => {
  interface Bundled {
    parseArticle: typeof parseArticle;
    sanitizeHtml: typeof sanitizeHtmlType;
  }
  let bundled: Bundled;
  let workdir: string;

  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-bundling-'));
    const outfile = await bundleSnippet(
      "export { parseArticle } from './functions/core/parse/index.ts'; export { default as sanitizeHtml } from 'sanitize-html';",
      join(workdir, 'parse.mjs'),
    );
    bundled = (await import(pathToFileURL(outfile).href)) as Bundled;
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  const hostile = [
    readFileSync(join(projectRoot, 'events', 'articles', 'meridian-mosul-old-city.html'), 'utf8'),
    `<!doctype html><html><head><title>Site | A headline</title><meta property="og:site_name" content="Example Wire"></head>
     <body><article><h1>A headline</h1><p style="color:red" onclick="steal()">Caf&eacute; &amp; bar &lt;b&gt; &nbsp;&#x1F600; “quoted”</p>
     <script>alert(1)</script><p><a href="javascript:alert(1)">x</a> <a href="https://example.com/a?b=1&amp;c=2" title='t"q'>link</a></p>
     <img srcset="a.png 1x, b.png 2x" src="a.png"><ul><li>one &hellip;</li><li>two</li></ul><style>p{}</style>
     <blockquote>Long enough body text so the parser accepts this article as one with a body worth reading.</blockquote></article></body></html>`,
  ];

  it.each(hostile.map((html, index) => [index, html] as const))('reads HTML sample %i exactly as the source does', (_, html) => {
    const run = (parse: typeof parseArticle) => {
      try {
        return parse(html, { contentType: 'text/html' });
      } catch (error) {
        return { refused: String(error) };
      }
    };
    expect(run(bundled.parseArticle)).toEqual(run(parseArticle));
  });

  it('drops a style attribute rather than let it through unsanitised, should an allow-list ever admit one', () => {
    const options = { allowedTags: ['p'], allowedAttributes: { p: ['style'] }, allowedStyles: { p: { color: [/^red$/] } } };
    expect(bundled.sanitizeHtml('<p style="color:red;position:fixed">x</p>', options)).toBe('<p>x</p>');
  });
});

describe('the date helpers, bundled with the Lambda options', () => {
  let dayjs: () => unknown;
  let workdir: string;

  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-bundled-dayjs-'));
    const outfile = await bundleSnippet("export { default as dayjs } from 'dayjs';", join(workdir, 'dayjs.mjs'));
    ({ dayjs } = (await import(pathToFileURL(outfile).href)) as { dayjs: () => unknown });
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it('fails loudly, naming the stub, if a date helper of launder is ever called', () => {
    expect(() => dayjs()).toThrow(/dayjs is not bundled/);
  });
});

/** A handler bundled in memory with the stack's esbuild options (unminified, so module wrappers keep their names), with its metafile. */
async function bundleHandler(name: string) {
  const { build } = await import('esbuild');
  prepareBundleCopies();
  return build({
    entryPoints: [join(projectRoot, 'functions', name, 'handler.ts')],
    absWorkingDir: projectRoot,
    ...esbuildOptions,
    minify: false,
    write: false,
    metafile: true,
    outfile: join(tmpdir(), `${name}-bundled.mjs`),
    logLevel: 'error',
  });
}

describe('the SDK clients the functions call through signed requests instead (functions/commons/clients/signed-requests.ts)', () => {
  // A stray import of one would bring back its whole service model, tens of KB to compile at every cold start.
  // DynamoDB too: the functions' document client is ours (dynamo-documents.ts), lib-dynamodb's types only.
  const replaced = ['@aws-sdk/client-s3', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', '@aws-sdk/client-secrets-manager', '@aws-sdk/client-scheduler', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
  it.each(['ingest', 'publish', 'subscriptions', 'deliver', 'console'] as const)('are in no module of the %s bundle', async (name) => {
    const inputs = Object.keys((await bundleHandler(name)).metafile.inputs);
    expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/')), 'the bundle still has the SDK (credentials, util-dynamodb)').toBe(name !== 'console');
    expect(replaced.filter((client) => inputs.some((input) => input.includes(`node_modules/${client}/`)))).toEqual([]);
    expect(inputs.includes('functions/commons/clients/dynamo-documents.ts'), 'DynamoDB by signed request').toBe(name !== 'console');
  });
});

describe('lazy module initialisers in the bundles (each costs its code a second parse at every cold start)', () => {
  // A dynamic import() of bundled code makes esbuild wrap that module, and every module it reaches, in a
  // lazy initialiser. Reaching the SDK that way had wrapped 321 modules of the subscriptions function
  // (24 KB, about 17 ms of its cold import; BENCHMARKS.md, bundles). Ingest is not held to it: sanitize-html
  // (CommonJS) requires the ESM builds of htmlparser2 and entities, which esbuild can hand to a require only
  // through such initialisers.
  it.each(['publish', 'subscriptions', 'deliver', 'console'] as const)('%s wraps none of its modules', async (name) => {
    const { outputFiles } = await bundleHandler(name);
    expect([...outputFiles[0]!.text.matchAll(/var (init_\w+) = __esm\(/g)].map((m) => m[1])).toEqual([]);
  });
});
