// Keeps hot reads in memory for a short time (IGLOO_READ_CACHE_SECONDS). Every write in this process
// that can change a cached value clears the cache at once; values written by other processes are
// picked up within the TTL.

export interface ReadCache<V> {
  get: (key: string) => V | undefined;
  /**
   * Loads a value that `get` did not have and remembers it, unless the cache was cleared while it
   * loaded: a value read before a write must not outlive the write.
   */
  load: (key: string, loader: () => Promise<V | undefined>) => Promise<V | undefined>;
  /** Forgets everything: called after any write that can change a cached value. */
  clear: () => void;
}

/**
 * @param ttlMs how long a value may be served without reading it again (0 turns the cache off)
 * @param maxEntries past this, the oldest entry makes room
 * @param now a monotonic wall clock: the TTL is about staleness, not about the virtual clock
 */
export function createReadCache<V>(options: { ttlMs: number; maxEntries: number; now: () => number }): ReadCache<V> {
  const entries = new Map<string, { value: V; loadedAt: number }>();
  /** Counts clears, so that a load can tell whether one happened while it waited. */
  let generation = 0;
  return {
    get: (key) => {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (options.now() - entry.loadedAt >= options.ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    load: async (key, loader) => {
      const startedIn = generation;
      const value = await loader();
      if (value === undefined || options.ttlMs <= 0 || startedIn !== generation) return value;
      // Oldest first: Map keeps insertion order.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, loadedAt: options.now() });
      return value;
    },
    clear: () => {
      generation++;
      entries.clear();
    },
  };
}
