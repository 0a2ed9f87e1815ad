/**
 * Bolt / Web API logger → our structured Logger. Bolt logs at info for routine things, so its
 * debug and info go to our debug; arguments are joined as text and still pass through `redact`.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/infra/ports';

const textOf = (args: unknown[]): string =>
  args
    .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ')
    // Bolt sometimes prints tokens inside messages; mask anything shaped like a Slack token.
    .replace(/xox[a-z]-[A-Za-z0-9-]+/g, 'xox*-[redacted]')
    .replace(/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]')
    // The Web API client logs request bodies at debug: OAuth client secrets and codes included.
    .replace(/("?(?:client_secret|refresh_token|access_token|token|code)"?\s*[:=]\s*"?)[^"&,\s}]+/gi, '$1[redacted]');

export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...args: unknown[]) => logger.debug(textOf(args), { component: 'bolt' }),
    info: (...args: unknown[]) => logger.debug(textOf(args), { component: 'bolt' }),
    warn: (...args: unknown[]) => logger.warn(textOf(args), { component: 'bolt' }),
    error: (...args: unknown[]) => logger.error(textOf(args), { component: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
