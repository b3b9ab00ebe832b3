/**
 * A value built on its first use and kept after (functions/commons/clients/lazy.ts is the same for
 * clients; the core imports only the core). For what every cold start would otherwise build at module
 * load and most containers never use: the zod schema of an input format a container may never receive,
 * of an admin request. A zod object schema costs tens of microseconds to build, and far more the first
 * time zod's code runs.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
