/**
 * The asking user's IANA time zone from users.info, cached, and never allowed to hold up an
 * ack: past the budget we answer with the default zone and let the lookup fill the cache.
 */
import { isValidZone } from '../../src/delivery/schedule';
import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/infra/ports';

export interface UserZones {
  /** Resolves within `budgetMs` to the user's zone, or undefined (unknown, slow, or failed). */
  lookup(client: webApi.WebClient, teamId: string, userId: string, budgetMs: number): Promise<string | undefined>;
}

/**
 * `maxEntries` bounds memory in a large multi-workspace install: past it the least recently used
 * entry goes, and that user is simply looked up again on their next command.
 */
export function createUserZones(
  logger: Logger,
  ttlMs = 6 * 3600_000,
  now: () => number = Date.now,
  maxEntries = 20_000,
): UserZones {
  // The TTL is checked here against the injected clock, not by lru-cache (which reads its own).
  const cache = new LRUCache<string, { zone: string | undefined; until: number }>({ max: maxEntries });
  const pending = new Map<string, Promise<string | undefined>>();

  const fetchZone = (client: webApi.WebClient, key: string, userId: string): Promise<string | undefined> => {
    let p = pending.get(key);
    if (!p) {
      p = client.users
        .info({ user: userId })
        .then((res) => {
          const tz = (res.user as { tz?: string } | undefined)?.tz;
          const zone = tz && isValidZone(tz) ? tz : undefined;
          cache.set(key, { zone, until: now() + ttlMs });
          return zone;
        })
        .catch((err: unknown) => {
          logger.warn('users.info failed; using the default time zone', {
            error: err instanceof Error ? err.message : String(err),
          });
          return undefined;
        })
        .finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p;
  };

  return {
    async lookup(client, teamId, userId, budgetMs) {
      if (!userId) return undefined;
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.zone;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), budgetMs);
      });
      try {
        return await Promise.race([fetchZone(client, key, userId), timeout]);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
