import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type sanitizeHtmlType from 'sanitize-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSnippet } from '#infra/constructs/bundling.ts';
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
    const client = new s3.S3Client({
      endpoint: services.s3Endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
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
