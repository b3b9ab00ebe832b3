/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (see `bundleAliases` in bundling.ts).
 * The SDK's generic HTTP protocol imports the serde (lazily) for operations that stream events, which the
 * code never calls; an S3 client also wired a marshaller at construction (none is bundled now: every S3
 * call is a signed request). Bundled for real it is ~15 KB of every function with an SDK client. Wiring
 * still works (the marshaller is a placeholder); any use of an event stream throws, naming the cause,
 * so a future caller fails loudly in its first test, never silently.
 */
const absent = (): never => {
  throw new Error('event streams are not bundled (infra/constructs/event-streams-absent.ts): an operation that streams events needs the real @smithy/core/event-streams');
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
