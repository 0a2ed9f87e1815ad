/**
 * Deep freezing for values handed to many readers at once (cached answers, digest parts shared
 * by many channels): nothing downstream may change them, and in strict mode a write throws.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
