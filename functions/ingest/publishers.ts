/**
 * Registering publishers and rotating their keys (admin only):
 * 1. validate `{id, name}`: id a lowercase slug, name non-empty;
 * 2. draw a new key, store only its SHA-256, return the key once (it cannot be shown again);
 * 3. rotation replaces the stored hash in one transaction: the old key stops working at once.
 */
import { PublisherRequest } from '#core/article/publisher-request.ts';
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { PublisherExists, PublisherNotFound } from '#adapters/publisher-repository.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';


export async function registerPublisher(deps: IngestDependencies, body: unknown): Promise<{ id: string; name: string; apiKey: string }> {
  const parsed = PublisherRequest.safeParse(body);
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
