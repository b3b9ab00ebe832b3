/**
 * Stands in for `mnemonist/lru-cache` in the Lambda bundles (see `bundleAliases` in bundling.ts). Only
 * the DynamoDB client's endpoint-discovery cache (`@aws-sdk/endpoint-cache`) uses it: it builds one per
 * client and asks it for a discovered endpoint on every request, but fills it only when endpoint
 * discovery is enabled, which DynamoDB does not need and we never turn on. mnemonist's cache, with the
 * typed-array helpers and iterator library it brings, is ~7 KB of every DynamoDB function; this one
 * does the same five things on a `Map` (insertion order is recency order: a read moves the key to the end).
 */
export default class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value without touching its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    // The least recently used entry is the first in the map.
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
