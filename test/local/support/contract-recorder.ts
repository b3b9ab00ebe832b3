/**
 * Holds every answer an end-to-end test receives from the API to the OpenAPI document: the test hands
 * each response here, and at the end asks what did not match. Feeds, pages and the console are files,
 * not API operations, so only paths that name a route of infra/routes.ts are checked; a path no route
 * matches is itself a finding (the document cannot describe it).
 */
import { openApiDocument } from '../../../functions/contract/openapi.ts';
import { matchPath, routes } from '../../../infra/routes.ts';
import { conformance } from '../../support/contract.ts';

const notApi = /^\/(feeds|a|site|console)(\/|$)/;

export interface ContractRecorder {
  /** Checks one answer (its body already read as text) against the document's entry for its route. */
  record(method: string, url: string, status: number, contentType: string | null, text: string): void;
  /** How many answers were checked. */
  readonly checked: number;
  /** One line per answer that did not match. */
  readonly problems: readonly string[];
  /** The routes (`GET /publishers`) at least one checked answer came from. */
  readonly routesSeen: ReadonlySet<string>;
}

export function contractRecorder(): ContractRecorder {
  const contract = conformance(openApiDocument());
  const problems: string[] = [];
  const routesSeen = new Set<string>();
  let checked = 0;
  const routeOf = (method: string, path: string) =>
    routes.find((r) => (r.method === method || (method === 'HEAD' && r.method === 'GET')) && (() => {
      try {
        return matchPath(r.path, path) !== undefined;
      } catch {
        return true; // the route's own path, with a parameter it refuses: its 400 is documented there
      }
    })());
  return {
    record(method, url, status, contentType, text) {
      const path = new URL(url).pathname;
      if (notApi.test(path)) return;
      const route = routeOf(method, path);
      if (!route) {
        problems.push(`${method} ${path}: no route in infra/routes.ts`);
        return;
      }
      checked++;
      routesSeen.add(`${route.method} ${route.path}`);
      try {
        const json = contentType?.startsWith('application/json') && text !== '' ? (JSON.parse(text) as unknown) : text === '' ? undefined : text;
        contract.check(method === 'HEAD' ? 'HEAD' : route.method, route.path, status, method === 'HEAD' ? undefined : json);
      } catch (error) {
        problems.push(String(error instanceof Error ? error.message : error).slice(0, 800));
      }
    },
    get checked() {
      return checked;
    },
    get problems() {
      return problems;
    },
    get routesSeen() {
      return routesSeen;
    },
  };
}
