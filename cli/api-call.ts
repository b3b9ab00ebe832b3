/**
 * How the `syndicate` commands that talk to a running API (subscriptions, publishers) call it: JSON
 * in and out, the key as a bearer header, and every failure turned into one message worth printing.
 */
/** The API refused (with its error code and message), or could not be reached. */
export class ApiRefused extends Error {}

/** One JSON request with a bearer key; the parsed answer, or ApiRefused. */
export async function call<T>(api: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ApiRefused(`could not reach ${api}: ${String((error as Error).cause ?? (error as Error).message)}`);
  }
  const parsed = (await res.json().catch(() => undefined)) as (T & { error?: { code?: string; message?: string } }) | undefined;
  if (!res.ok || parsed === undefined) {
    throw new ApiRefused(parsed?.error ? `${res.status} ${parsed.error.code}: ${parsed.error.message}` : `the API answered ${res.status}`);
  }
  return parsed;
}

/**
 * Every entry of a paged listing (`?limit=&cursor=`), page after page, until it ends or `max` are read.
 * `query` holds the listing's own filters; the entries are under `field` of each page.
 */
export async function readPages<T>(api: string, key: string, listing: { path: string; field: string; pageLimit: number; query?: Record<string, string | undefined> }, max: number): Promise<T[]> {
  const read: T[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(Math.min(listing.pageLimit, max - read.length)) });
    for (const [name, value] of Object.entries(listing.query ?? {})) if (value) query.set(name, value);
    if (cursor) query.set('cursor', cursor);
    const page = await call<Record<string, unknown> & { cursor?: string }>(api, key, 'GET', `${listing.path}?${query}`);
    read.push(...((page[listing.field] ?? []) as T[]));
    cursor = page.cursor;
  } while (cursor && read.length < max);
  return read;
}
