/**
 * Registering, listing publishers and rotating their keys (admin only):
 * 1. validate `{id, name}`: id a lowercase slug, name non-empty;
 * 2. draw a new key, store only its SHA-256, return the key once (it cannot be shown again);
 * 3. rotation replaces the stored hash in one transaction: the old key stops working at once;
 * 4. the list is one page of the directory (adapters/publisher-directory.ts), by id, `limit` 1..100.
 */
import * as z from 'zod/mini';
import { lazy } from '#core/lazy.ts';
import { publisherRequest } from '#core/article/publisher-request.ts';
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { InvalidCursor } from '#adapters/cursor.ts';
import type { PublisherPage } from '#adapters/publisher-directory.ts';
import { PublisherExists, PublisherNotFound } from '#adapters/publisher-repository.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';


export async function registerPublisher(deps: IngestDependencies, body: unknown): Promise<{ id: string; name: string; apiKey: string }> {
  const parsed = publisherRequest().safeParse(body);
  if (!parsed.success) {
    throw new IngestError('invalid_request', 'body must be {"id": "lowercase-slug", "name": "Display name"}');
  }
  const apiKey = newApiKey();
  try {
    await deps.publishers.create(parsed.data, hashKey(apiKey), deps.clock.now().toISOString());
  } catch (error) {
    if (error instanceof PublisherExists) throw new IngestError('publisher_exists', `publisher ${parsed.data.id} already exists; rotate its key instead`);
    throw error;
  }
  return { ...parsed.data, apiKey };
}

export async function rotatePublisherKey(deps: IngestDependencies, id: string): Promise<{ id: string; apiKey: string }> {
  const apiKey = newApiKey();
  try {
    await deps.publishers.rotateKey(id, hashKey(apiKey));
  } catch (error) {
    if (error instanceof PublisherNotFound) throw new IngestError('not_found', `no publisher ${id}`);
    throw error;
  }
  return { id, apiKey };
}

export const maxPublishersPage = 100;
export const defaultPublishersPage = 50;

/** `GET /publishers`'s query; each parameter refused on its own with the code that names it. Built on the first listing (an admin request). */
const publisherListQuery = lazy(() =>
  z.object({
    limit: z.optional(z.string().check(z.regex(/^[0-9]{1,3}$/))),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
);

export async function listPublishers(deps: IngestDependencies, query: Record<string, string | undefined>): Promise<PublisherPage> {
  const parsed = publisherListQuery().safeParse(query);
  const limit = parsed.success && parsed.data.limit !== undefined ? Number(parsed.data.limit) : defaultPublishersPage;
  if (!parsed.success || limit < 1 || limit > maxPublishersPage) {
    if (!parsed.success && parsed.error.issues[0]?.path[0] === 'cursor') throw new InvalidCursor();
    throw new IngestError('invalid_limit', `limit: a whole number from 1 to ${maxPublishersPage}`);
  }
  return deps.publishers.directoryPage(limit, parsed.data.cursor);
}
