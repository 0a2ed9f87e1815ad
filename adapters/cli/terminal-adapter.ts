/**
 * The terminal as a delivery target. `cafta subscribe …` typed in a terminal subscribes the one
 * local "channel" (cli/local/terminal); its deliveries are written as plain text wherever due
 * deliveries run: on `run-due`'s standard output, or as an info log line in the server.
 */
import type { Message } from '../../src/text/message';
import { DEFAULT_LANG } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import type { PlatformAdapter } from '../platform';
import { toTerminalText } from './render';

export const TERMINAL_PLATFORM = 'cli';

export function createTerminalAdapter(write: (text: string) => void): PlatformAdapter {
  let count = 0;
  return {
    name: TERMINAL_PLATFORM,
    enabled: true,
    detail: 'terminal subscriptions are printed by whichever process delivers them',
    routes: [],
    sender: {
      async send(target, msg: Message) {
        count += 1;
        const heading = textsFor(msg.lang ?? DEFAULT_LANG).t('render.terminalDelivery', {
          target: `${target.workspace}/${target.channel}`,
        });
        write(`${heading}\n${toTerminalText(msg)}`);
        return { ok: true, messageId: `terminal-${Date.now()}-${count}` };
      },
    },
  };
}
