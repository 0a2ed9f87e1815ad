import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../../src/infra/freeze';

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

/** The `max` most recently used replies (lru-cache), each deep-frozen when kept. */
export function createReplyCache<V extends object>(max = 128): ReplyCache<V> {
  const entries = new LRUCache<string, V>({ max });
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.set(key, deepFreeze(value));
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
