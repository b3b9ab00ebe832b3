/**
 * A value built on first use and then kept for the life of the container (a
 * Lambda execution environment, a local-runtime process, a vitest worker), so
 * connections and credentials are set up once, not per invocation.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
