import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '#commons/clients/node-hash.ts';
import { signedHeaders, type Credentials } from '#commons/clients/sigv4.ts';

const segment = fc.oneof(
  fc.constantFrom('', '.', '..', 'a b', 'feeds', 'all.xml', "it's(1)*!", 'ü', 'x/y', '%2F', 'a+b', '~_-'),
  fc.string({ maxLength: 8 }),
);
/** A path as a client sends it: each segment escaped once, as s3-objects.ts and schedules.ts do. */
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.map(encodeURIComponent).join('/')}`);
const headerName = fc.constantFrom('content-type', 'Cache-Control', 'x-amz-meta-fingerprint', 'X-Amz-Target', 'if-match', 'user-agent', 'proxy-x', 'sec-y', 'content-md5');
const headerValue = fc.string({ maxLength: 12 }).map((v) => ` ${v}\t  x `);
const credentials = fc.record(
  { accessKeyId: fc.constantFrom('AKIDEXAMPLE', 'ASIAEXAMPLE'), secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }), sessionToken: fc.string({ minLength: 1, maxLength: 20 }) },
  { requiredKeys: ['accessKeyId', 'secretAccessKey'] },
);

describe('SigV4 on our signed requests', () => {
  it('produces exactly the headers the SDK’s signer produces, for any service, path, headers and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('s3', 'dynamodb', 'sqs', 'secretsmanager', 'scheduler'),
        fc.constantFrom('us-east-1', 'eu-west-1'),
        fc.boolean(),
        fc.constantFrom('GET', 'PUT', 'POST', 'HEAD', 'DELETE'),
        path,
        fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        credentials,
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        async (service, region, uriEscapePath, method, requestPath, extra, body, creds: Credentials, now) => {
          const headers = { host: 'svc.example.com', ...extra, ...(body ? { 'content-length': String(body.byteLength) } : {}) };
          const sdk = new SignatureV4({ service, region, credentials: creds, sha256: Sha256, uriEscapePath });
          const theirs = await sdk.sign(new HttpRequest({ method, hostname: 'svc.example.com', path: requestPath, headers: { ...headers }, ...(body ? { body } : {}) }), { signingDate: now });
          const lower = Object.fromEntries(Object.entries(theirs.headers).map(([k, v]) => [k.toLowerCase(), v]));
          const ours = signedHeaders({ method, path: requestPath, headers, ...(body ? { body } : {}) }, { service, region, uriEscapePath }, creds, now);
          expect(ours).toEqual(lower);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses a query string rather than signing it wrongly', () => {
    expect(() => signedHeaders({ method: 'GET', path: '/a?b=c', headers: { host: 'h' } }, { service: 's3', region: 'us-east-1', uriEscapePath: false }, { accessKeyId: 'a', secretAccessKey: 'b' }, new Date())).toThrow(/query/);
  });
});
