/**
 * Holding real answers to the OpenAPI document: `conformance(document)` compiles every response
 * schema once (ajv, JSON Schema 2020-12, formats checked) and `check(method, path, status, body)`
 * says whether a body matches what the document promises for that route and status.
 * Other tests add their routes' answers through the same function (test/contract/openapi.test.ts).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
const DOCUMENT_ID = 'https://syndicate.test/openapi.json';

export interface Conformance {
  /** Throws, naming the route and ajv's errors, unless `body` matches the documented answer. */
  check(method: string, routePath: string, status: number, body: unknown): void;
  /** Validates against a named component schema. */
  checkSchema(name: string, body: unknown): void;
}

export function conformance(document: Json): Conformance {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components }, DOCUMENT_ID);
  const validatorOf = (ref: string) => ajv.getSchema(`${DOCUMENT_ID}${ref}`) ?? ajv.compile({ $ref: `${DOCUMENT_ID}${ref}` });
  const paths = document.paths as Record<string, Record<string, Json>>;

  const validate = (what: string, ref: string, body: unknown) => {
    const fn = validatorOf(ref);
    if (!fn(body)) throw new Error(`${what} does not match ${ref}: ${ajv.errorsText(fn.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
  };
  return {
    check(method, routePath, status, body) {
      const operation = paths[routePath]?.[method.toLowerCase()];
      if (!operation) throw new Error(`${method} ${routePath} is not in the document`);
      const responses = operation.responses as Record<string, Json>;
      const response = responses[String(status)];
      if (!response) throw new Error(`${method} ${routePath} answered ${status}, which the document does not list (${Object.keys(responses).join(', ')})`);
      const schema = (response.content as Record<string, { schema: { $ref?: string } }> | undefined)?.['application/json']?.schema;
      if (!schema?.$ref) {
        if (body !== undefined && body !== '' && schema === undefined) throw new Error(`${method} ${routePath} ${status} documents no body but got one`);
        return;
      }
      validate(`${method} ${routePath} ${status}`, schema.$ref, body);
    },
    checkSchema(name, body) {
      validate(name, `#/components/schemas/${name}`, body);
    },
  };
}
