/**
 * What Slack says about the asking user that an answer depends on — their IANA time zone and
 * their language (locale) — from one users.info call (`include_locale`), cached, and never
 * allowed to hold up an ack: past the budget we answer with the defaults and let the lookup fill
 * the cache.
 */
import { isValidZone } from '../../src/delivery/schedule';
import { resolveLang, type Lang } from '../../src/text/i18n';
import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/infra/ports';

/** The user's zone and language, each undefined when unknown, unusable, slow or failed. */
export interface UserInfo {
  zone?: string;
  /** The catalog language of the user's Slack locale (`zh-CN` → `zh`). */
  lang?: Lang;
}

export interface UserInfoLookup {
  /** Resolves within `budgetMs` to what is known of the user (`{}` when nothing is). */
  lookup(client: webApi.WebClient, teamId: string, userId: string, budgetMs: number): Promise<UserInfo>;
}

/**
 * `maxEntries` bounds memory in a large multi-workspace install: past it the least recently used
 * entry goes, and that user is simply looked up again on their next command.
 */
export function createUserInfo(
  logger: Logger,
  ttlMs = 6 * 3600_000,
  now: () => number = Date.now,
  maxEntries = 20_000,
): UserInfoLookup {
  // The TTL is checked here against the injected clock, not by lru-cache (which reads its own).
  const cache = new LRUCache<string, { info: UserInfo; until: number }>({ max: maxEntries });
  const pending = new Map<string, Promise<UserInfo>>();

  const fetchInfo = (client: webApi.WebClient, key: string, userId: string): Promise<UserInfo> => {
    let p = pending.get(key);
    if (!p) {
      p = client.users
        .info({ user: userId, include_locale: true })
        .then((res) => {
          const user = res.user as { tz?: string; locale?: string } | undefined;
          const zone = user?.tz && isValidZone(user.tz) ? user.tz : undefined;
          const lang = resolveLang(user?.locale);
          const info: UserInfo = { ...(zone ? { zone } : {}), ...(lang ? { lang } : {}) };
          cache.set(key, { info, until: now() + ttlMs });
          return info;
        })
        .catch((err: unknown): UserInfo => {
          logger.warn('users.info failed; using the default time zone and language', {
            error: err instanceof Error ? err.message : String(err),
          });
          return {};
        })
        .finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p;
  };

  return {
    async lookup(client, teamId, userId, budgetMs) {
      if (!userId) return {};
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.info;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<UserInfo>((resolve) => {
        timer = setTimeout(() => resolve({}), budgetMs);
      });
      try {
        return await Promise.race([fetchInfo(client, key, userId), timeout]);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
