/**
 * A small bounded cache of rendered replies (card included), keyed by `reusableAnswerKey`.
 * Building and rendering `status` costs ~0.35 ms of CPU per message, the same every time until
 * the data changes; a hit costs a map lookup. Entries are deep-frozen because one object is
 * handed to many concurrent turns: nothing downstream may change it.
 */
export interface ReplyCache<V> {
  get(key: string): V | undefined;
  /** Keeps `value` (frozen) and returns it. */
  set(key: string, value: V): V;
  readonly size: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** Least-recently-used eviction over a Map (insertion order), at most `max` entries. */
export function createReplyCache<V>(max = 128): ReplyCache<V> {
  const entries = new Map<string, V>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      // Move to the end: most recently used.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(key, deepFreeze(value));
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
