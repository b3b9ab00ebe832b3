/**
 * One ingest handler per test file, on that file's own table and bucket, with
 * the real core and adapters and a clock the test can move.
 */
import { feedIndexer } from '../support/feed-indexer.ts';
import { useLocalServices, type TestServices } from '../support/services.ts';
import { apiEvent } from './api-event.ts';

export async function ingestHarness(label: string) {
  const services: TestServices = await useLocalServices(label);
  const adminKey = `admin-key-${label}`;
  process.env.SYNDICATE_ADMIN_KEY = adminKey;
  const clock = { at: new Date('2024-05-01T08:00:00.000Z'), now() { return new Date(this.at); } };
  const { createIngestHandler } = await import('../../functions/ingest/handler.ts');
  const { ingestDependencies } = await import('../../functions/ingest/composition.ts');
  const handler = createIngestHandler(() => ingestDependencies(clock));
  /** `key: null` sends no Authorization header. */
  const post = (body: string | Buffer, contentType: string, key: string | null = adminKey) =>
    handler(apiEvent('POST', '/articles', { ...(key !== null ? { key } : {}), body, contentType }));
  /** Everything stored: the whole table and the whole bucket. */
  const snapshot = async () => ({ items: await services.scanAll(), keys: await services.listKeys() });
  /** Lists read the feed index, which publish writes from the stream: `feeds.catchUp()` applies what it holds so far. */
  const feeds = feedIndexer(services);
  return { services, adminKey, clock, handler, post, snapshot, feeds };
}
