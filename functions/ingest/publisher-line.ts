/** The registered publisher a text's first line names, for the core's publisher-line rule. */
import type { RawOriginal } from '#adapters/s3-store.ts';
import type { IngestDependencies } from './ports.ts';

/**
 * A text's first line counts as its publisher when it names a registered publisher (besides the
 * taxonomy's and the caller's own, which the core knows): looked up here, before the core reads the text.
 */
export async function registeredPublisherLine(deps: IngestDependencies, raw: RawOriginal): Promise<ReadonlySet<string>> {
  const line = deps.core.publisherLine(raw);
  if (!line) return new Set();
  const registered = await deps.publishers.get(deps.core.resolvePublisher(line).id);
  return registered ? new Set([line, registered.name]) : new Set();
}
