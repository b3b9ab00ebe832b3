/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (see `bundleAliases` in bundling.ts).
 * Only S3 references it: its client wires an event-stream marshaller at construction, for operations
 * that stream events (SelectObjectContent and the like), which the code never calls; the generic
 * protocol imports the serde only when an operation has an event stream. Bundled for real it is ~15 KB
 * of every S3 function. Wiring still works (the marshaller is a placeholder); any use of an event
 * stream throws, naming the cause, so a future caller fails loudly in its first test, never silently.
 */
const absent = (): never => {
  throw new Error('event streams are not bundled (infra/constructs/event-streams-absent.ts): an S3 operation that streams events needs the real @smithy/core/event-streams');
};

/** What S3Client's configuration resolver does with the provider: keep its marshaller. */
export function resolveEventStreamSerdeConfig<T extends { eventStreamSerdeProvider: (options: unknown) => unknown }>(input: T): T & { eventStreamMarshaller: unknown } {
  return Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });
}

/** A marshaller whose every method throws. */
export const eventStreamSerdeProvider = (): { serialize: () => never; deserialize: () => never } => ({ serialize: absent, deserialize: absent });

export class EventStreamSerde {
  constructor() {
    absent();
  }
}
