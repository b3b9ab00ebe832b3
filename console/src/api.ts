/**
 * The console's only way out: the public HTTP API on this origin, with the
 * signed-in key as a bearer header (never in a URL or a cookie). Answers are
 * JSON; errors carry the contract's `{"error": {"code", "message"}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

export interface Api {
  get<T = Json>(path: string): Promise<T>;
  send<T = Json>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Builds a path with each interpolated value URL-encoded, so an id can never add a segment or a query. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/** A query string from the set fields only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createApi(key: string, base = ''): Api {
  const request = async (method: string, target: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(base + target, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  };
  const parse = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiError(res.status, 'not_json', `the API answered ${res.status} with something that is not JSON`);
    }
    if (!res.ok) {
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `the API answered ${res.status}`);
    }
    return body as T;
  };
  return {
    get: async (target) => parse(await request('GET', target)),
    send: async (method, target, body) => parse(await request(method, target, body)),
  };
}

/** The message to show for anything a call threw. */
export const describeError = (error: unknown): string =>
  error instanceof ApiError ? `${error.message} (${error.status} ${error.code})` : error instanceof Error ? error.message : String(error);
