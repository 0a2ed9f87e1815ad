/**
 * Libraries that print with `console.*` (botbuilder prints every rejected token's error and the
 * whole signing-key set) would put multi-line, non-JSON text on stderr, once per forged request.
 * The server and `run-due` route those calls through the JSON logger instead: one redacted line
 * each (PEM blocks omitted), at the matching level.
 */
import { format } from 'node:util';
import type { Logger } from '../src/infra/ports';

const METHODS = { debug: 'debug', log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;
const MAX_CHARS = 2000;

/** Replaces console's methods; returns a function that puts the originals back. */
export function routeConsoleTo(logger: Logger): () => void {
  const saved = new Map<keyof typeof METHODS, (...args: unknown[]) => void>();
  for (const [method, level] of Object.entries(METHODS) as Array<
    [keyof typeof METHODS, (typeof METHODS)[keyof typeof METHODS]]
  >) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]): void => {
      logger[level]('library console output', { text: format(...args).slice(0, MAX_CHARS) });
    };
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
