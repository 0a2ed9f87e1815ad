/**
 * Which answers may be reused. The information commands are pure functions of the command, the
 * treaty data, the reader's language and (for `next` only) the local date in the asking user's
 * zone, so an adapter may keep a rendered answer under this key instead of rebuilding it on every
 * message.
 */
import { DateTime } from 'luxon';
import type { Command, CommandContext, CommandDeps } from './types';

/** Longest key worth keeping: a long free-text query is rare and not worth the memory. */
const MAX_KEY_CHARS = 300;

/**
 * A key that changes whenever `runCommand(cmd, ctx, deps)` could answer differently, or
 * undefined when the answer depends on more than that (the store, the channel, the time of day):
 * subscription commands and `digest` are never reusable.
 */
export function reusableAnswerKey(cmd: Command, ctx: CommandContext, deps: CommandDeps): string | undefined {
  let day = '';
  switch (cmd.name) {
    case 'help':
    case 'status':
    case 'party':
    case 'timeline':
    case 'milestone':
    case 'areas':
    case 'area':
      break;
    case 'next': {
      // The window starts at today's local date in this zone; nothing else of the clock is read.
      const zone = ctx.userZone ?? deps.defaultZone;
      day = `${zone}|${DateTime.fromJSDate(deps.clock(), { zone }).toISODate() ?? ''}`;
      break;
    }
    default:
      return undefined;
  }
  // `ctx.lang` is the reader's language as receive() settled it; the same command in Chinese and
  // in English are two answers.
  const key = `${deps.data().version}|${ctx.lang ?? deps.defaultLang}|${day}|${JSON.stringify(cmd)}`;
  return key.length <= MAX_KEY_CHARS ? key : undefined;
}
