import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type sanitizeHtmlType from 'sanitize-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSnippet, esbuildOptions, prepareLeanS3 } from '#infra/constructs/bundling.ts';
import { prepareLeanEntities } from '#infra/constructs/lean-entities.ts';
import { literalSchemaKeys, manifestFields } from '#infra/constructs/lean-s3.ts';
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

/** A bundled S3 client's settings for s3rver (as functions/commons/clients/s3.ts sets them locally). */
const s3rverClientConfig = (services: TestServices) => ({
  endpoint: services.s3Endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED' as const,
  responseChecksumValidation: 'WHEN_REQUIRED' as const,
});

describe('the S3 client, bundled with the Lambda options (event streams stubbed out)', () => {
  interface Bundled {
    s3: typeof import('@aws-sdk/client-s3');
    EventStreamSerde: new () => unknown;
  }
  let bundled: Bundled;
  let workdir: string;
  let services: TestServices;

  beforeAll(async () => {
    services = await useLocalServices('bundled-s3');
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-bundled-s3-'));
    const outfile = await bundleSnippet(
      "export * as s3 from '@aws-sdk/client-s3'; export { EventStreamSerde } from '@smithy/core/event-streams';",
      join(workdir, 's3.mjs'),
    );
    bundled = (await import(pathToFileURL(outfile).href)) as Bundled;
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it('writes, finds, reads and misses objects on s3rver as the source build does', async () => {
    const { s3 } = bundled;
    const client = new s3.S3Client(s3rverClientConfig(services));
    const Bucket = services.bucketName;
    await client.send(new s3.PutObjectCommand({ Bucket, Key: 'feeds/a.json', Body: '{"a":1}', ContentType: 'application/json', Metadata: { sha: 'x' } }));
    const head = await client.send(new s3.HeadObjectCommand({ Bucket, Key: 'feeds/a.json' }));
    expect(head.Metadata).toEqual({ sha: 'x' });
    const got = await client.send(new s3.GetObjectCommand({ Bucket, Key: 'feeds/a.json' }));
    expect(await got.Body!.transformToString()).toBe('{"a":1}');
    await expect(client.send(new s3.HeadObjectCommand({ Bucket, Key: 'feeds/missing.json' }))).rejects.toBeInstanceOf(s3.NotFound);
    client.destroy();
  });

  it('fails loudly, naming the stub, if anything ever needs an event stream', () => {
    expect(() => new bundled.EventStreamSerde()).toThrow(/event streams are not bundled/);
  });
});

describe('DynamoDB in the bundles (signed JSON requests, functions/commons/clients/dynamo-documents.ts)', () => {
  // The SDK's DynamoDB client and lib-dynamodb were ~130 KB of each table function's bundle; our commands
  // take their types only, so neither may come back through a value import.
  it.each(['ingest', 'publish', 'subscriptions', 'deliver', 'console'] as const)('%s bundles neither @aws-sdk/client-dynamodb nor @aws-sdk/lib-dynamodb', async (name) => {
    const { build } = await import('esbuild');
    prepareLeanS3();
    const { metafile } = await build({
      entryPoints: [join(projectRoot, 'functions', name, 'handler.ts')],
      absWorkingDir: projectRoot,
      ...esbuildOptions,
      write: false,
      metafile: true,
      outfile: join(tmpdir(), `${name}-dynamodb.mjs`),
      logLevel: 'error',
    });
    const inputs = Object.keys(Object.values(metafile.outputs)[0]!.inputs);
    expect(inputs.filter((file) => /node_modules\/@aws-sdk\/(client-dynamodb|lib-dynamodb)\//.test(file))).toEqual([]);
    if (name !== 'console') expect(inputs).toContain('functions/commons/clients/dynamo-documents.ts');
  });
});

describe('the S3 checksums and the date helpers, bundled with the Lambda options', () => {
  interface Hasher {
    update(data: string | Uint8Array): void;
    digest(): Promise<Uint8Array>;
    reset(): void;
  }
  interface Bundled {
    Sha1: new (secret?: string | Uint8Array) => Hasher;
    dayjs: () => unknown;
  }
  let bundled: Bundled;
  let workdir: string;

  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-bundled-sha-'));
    const outfile = await bundleSnippet("export { Sha1 } from '@aws-sdk/checksums/sha'; export { default as dayjs } from 'dayjs';", join(workdir, 'sha.mjs'));
    bundled = (await import(pathToFileURL(outfile).href)) as Bundled;
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it('gives S3 a SHA-1 (hash and HMAC) that digests exactly as the package’s own', async () => {
    const { Sha1: Theirs } = createRequire(join(projectRoot, 'node_modules', '@aws-sdk', 'client-s3', 'package.json'))('@aws-sdk/checksums/sha') as Bundled;
    const chunks = fc.array(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 64 })), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string({ minLength: 1 }), { nil: undefined }), chunks, chunks, async (secret, first, second) => {
        const run = async (Sha1: Bundled['Sha1']) => {
          const hash = new Sha1(secret);
          for (const chunk of first) hash.update(chunk);
          const once = Buffer.from(await hash.digest()).toString('hex');
          hash.reset();
          for (const chunk of second) hash.update(chunk);
          return [once, Buffer.from(await hash.digest()).toString('hex')];
        };
        expect(await run(bundled.Sha1)).toEqual(await run(Theirs));
      }),
      { numRuns: 200 },
    );
  });

  it('fails loudly, naming the stub, if a date helper of launder is ever called', () => {
    expect(() => bundled.dayjs()).toThrow(/dayjs is not bundled/);
  });
});

describe('the lean S3 client (its operation schemas written with literal keys, so esbuild can drop unused ones)', () => {
  let workdir: string;
  let services: TestServices;

  beforeAll(async () => {
    services = await useLocalServices('lean-s3');
    workdir = mkdtempSync(join(tmpdir(), 'syndicate-lean-s3-'));
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  /**
   * A module's exports as plain data: a lazy reference (`() => PutObjectRequest$`) is written as the
   * name of the export it returns, an error class by its errors' name, a registry by what it holds, so two copies of
   * the module compare equal exactly when they hold the same schemas.
   */
  function describeExports(exports: Record<string, unknown>): Record<string, unknown> {
    const names = new Map<unknown, string>(Object.entries(exports).map(([name, value]) => [value, name]));
    const seen = new Set<unknown>();
    const plain = (value: unknown, top = false): unknown => {
      if (!top && names.has(value) && typeof value === 'object') return `ref:${names.get(value)}`;
      if (typeof value === 'function') {
        // Minified class names differ between bundles; an error class is known by its instances' name.
        if (/^class\b/.test(Function.prototype.toString.call(value))) return `class:${new (value as new (o: object) => Error)({ $metadata: {}, message: '' }).name}`;
        return { lazy: plain((value as () => unknown)()) };
      }
      if (value instanceof Map) return { map: [...value].map(([k, v]) => [k, plain(v)]) };
      if (value === null || typeof value !== 'object') return value;
      if (seen.has(value)) return 'cycle';
      seen.add(value);
      const out = Array.isArray(value) ? value.map((v) => plain(v)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
      seen.delete(value);
      return out;
    };
    return Object.fromEntries(Object.entries(exports).map(([name, value]) => [name, plain(value, true)]));
  }

  it('holds every schema and error registry of the pinned client, unchanged', async () => {
    const schemas = join('dist-es', 'schemas', 'schemas_0.js');
    const load = async (dir: string, name: string) =>
      (await import(pathToFileURL(await bundleSnippet(`export * from ${JSON.stringify(join(dir, schemas))};`, join(workdir, name))).href)) as Record<string, unknown>;
    const original = await load(join(projectRoot, 'node_modules', '@aws-sdk', 'client-s3'), 'original.mjs');
    const lean = await load(prepareLeanS3(), 'lean.mjs');
    expect(Object.keys(original).length).toBeGreaterThan(400);
    expect(Object.keys(lean).sort()).toEqual(Object.keys(original).sort());
    expect(describeExports(lean)).toEqual(describeExports(original));
    // The manifest keeps what bundling and the client read, unchanged (the rest is scripts and dependency lists).
    const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const full = manifest(join(projectRoot, 'node_modules', '@aws-sdk', 'client-s3'));
    expect(manifest(prepareLeanS3())).toEqual(Object.fromEntries(manifestFields.filter((f) => f in full).map((f) => [f, full[f]])));
    expect(manifest(prepareLeanS3())).toMatchObject({ name: '@aws-sdk/client-s3', version: expect.any(String), sideEffects: false });
  });

  it('refuses to rewrite a computed key that is not one of the module’s string constants', () => {
    expect(literalSchemaKeys('const _h = "http";\nexport var A$ = [9, { [_h]: 1 }];')).toBe('const _h = "http";\nexport var A$ = [9, { "http": 1 }];');
    expect(() => literalSchemaKeys('export var A$ = [9, { [_q]: 1 }];')).toThrow(/computed key \[_q\]/);
    expect(() => literalSchemaKeys('export var A$ = [9, { [a.b]: 1 }];')).toThrow(/a computed key is left/);
  });

  it('keeps only the schemas the imported commands reach, and they work on s3rver (errors included)', async () => {
    const outfile = await bundleSnippet(
      "export { S3Client, PutObjectCommand, HeadObjectCommand, GetObjectCommand, ListObjectsV2Command, CopyObjectCommand, DeleteObjectsCommand, NoSuchKey, NotFound } from '@aws-sdk/client-s3';",
      join(workdir, 'commands.mjs'),
    );
    const code = readFileSync(outfile, 'utf8');
    expect(code).toContain('x-id=PutObject');
    expect(code).not.toContain('x-id=PutBucketLifecycleConfiguration'); // an operation nothing imports
    const s3 = (await import(pathToFileURL(outfile).href)) as typeof import('@aws-sdk/client-s3');
    const client = new s3.S3Client(s3rverClientConfig(services));
    const Bucket = services.bucketName;
    await client.send(new s3.PutObjectCommand({ Bucket, Key: 'lean/a.xml', Body: '<a/>', ContentType: 'application/xml', CacheControl: 'max-age=60', Metadata: { sha: 'y' } }));
    const head = await client.send(new s3.HeadObjectCommand({ Bucket, Key: 'lean/a.xml' }));
    expect([head.ContentType, head.CacheControl, head.Metadata]).toEqual(['application/xml', 'max-age=60', { sha: 'y' }]);
    await client.send(new s3.CopyObjectCommand({ Bucket, Key: 'lean/b.xml', CopySource: `${Bucket}/lean/a.xml` }));
    const listed = await client.send(new s3.ListObjectsV2Command({ Bucket, Prefix: 'lean/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['lean/a.xml', 'lean/b.xml']);
    expect(await (await client.send(new s3.GetObjectCommand({ Bucket, Key: 'lean/b.xml' }))).Body!.transformToString()).toBe('<a/>');
    await client.send(new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'lean/a.xml' }, { Key: 'lean/b.xml' }] } }));
    await expect(client.send(new s3.GetObjectCommand({ Bucket, Key: 'lean/a.xml' }))).rejects.toBeInstanceOf(s3.NoSuchKey);
    await expect(client.send(new s3.HeadObjectCommand({ Bucket, Key: 'lean/b.xml' }))).rejects.toBeInstanceOf(s3.NotFound);
    client.destroy();
  });
});

describe('lazy module initialisers in the bundles (each costs its code a second parse at every cold start)', () => {
  // A dynamic import() of bundled code makes esbuild wrap that module, and every module it reaches, in a
  // lazy initialiser. Reaching the SDK that way had wrapped 321 modules of the subscriptions function
  // (24 KB, about 17 ms of its cold import; BENCHMARKS.md, bundles). Only the event-streams stub, which the
  // SDK itself imports dynamically, may be wrapped here.
  it.each(['publish', 'subscriptions', 'deliver'] as const)('%s wraps none of its modules but the event-streams stub', async (name) => {
    const { build } = await import('esbuild');
    prepareLeanS3();
    const { outputFiles } = await build({
      entryPoints: [join(projectRoot, 'functions', name, 'handler.ts')],
      absWorkingDir: projectRoot,
      ...esbuildOptions,
      minify: false,
      write: false,
      outfile: join(tmpdir(), `${name}-wrapped.mjs`),
      logLevel: 'error',
    });
    const wrapped = [...outputFiles[0]!.text.matchAll(/var (init_\w+) = __esm\(/g)].map((m) => m[1]);
    expect(wrapped).toEqual(['init_event_streams_absent']);
  });
});
