/**
 * Bolt / Web API logger → our structured Logger. Bolt logs at info for routine things, so its
 * debug and info go to our debug. Arguments are joined as text and masked here with the one
 * redactor (Bolt prints tokens inside messages, and the Web API client logs request bodies at
 * debug, OAuth client secrets and codes included), whatever Logger is behind. Debug lines are
 * not built at all when the logger would drop them.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/infra/ports';
import { maskSecrets } from '../../src/infra/redact';

const textOf = (args: unknown[]): string =>
  maskSecrets(
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
  );

export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  // Bolt logs every ack's whole body at debug: unless debug lines are written, not even joined
  // and masked (measured: ~0.1 ms per slash command with a 7 KB answer).
  const toDebug = (args: unknown[]): void => {
    if (logger.enabled?.('debug') === false) return;
    logger.debug(textOf(args), { component: 'bolt' });
  };
  return {
    debug: (...args: unknown[]) => toDebug(args),
    info: (...args: unknown[]) => toDebug(args),
    warn: (...args: unknown[]) => logger.warn(textOf(args), { component: 'bolt' }),
    error: (...args: unknown[]) => logger.error(textOf(args), { component: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
