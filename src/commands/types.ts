/**
 * The command grammar as data. `parseCommand` turns text into a `Command` (or a hint);
 * `runCommand` turns a `Command` into a `Message`.
 */
import type { TreatyData } from '../treaty/model';
import type { Cadence, ChannelAddress, SubscriptionKind, Weekday } from '../delivery/model';
import type { Message } from '../text/message';
import type { Store } from '../store/store';
import type { Clock, Logger } from '../infra/ports';
import type { Lang } from '../text/i18n';

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'status' }
  | { name: 'party'; query: string }
  | { name: 'timeline'; all: boolean }
  | { name: 'milestone'; query: string }
  | { name: 'areas' }
  | { name: 'area'; query: string }
  | { name: 'next'; days: number }
  | {
      name: 'subscribe';
      kinds: SubscriptionKind[];
      cadence: Cadence;
      weekday: Weekday;
      time: string;
      /** Absent when the user gave none: the context's zone or the default applies. */
      zone?: string;
      /** The subscription's language; absent when the user gave none: the reader's applies. */
      lang?: Lang;
    }
  | { name: 'unsubscribe'; kinds: SubscriptionKind[] }
  | { name: 'subscriptions' }
  | { name: 'digest' };

export type CommandName = Command['name'];

/**
 * A hint (what was not understood, the nearest valid form, buttons to try) in the reader's
 * language, which is only known once the asker's context is joined with what was typed.
 */
export type Hint = (lang: Lang) => Message;

/**
 * `ok: false` carries a hint. `lang` is the language the words typed imply: command words of
 * one catalog's language other than English (`状态`, `订阅 摘要 每周一`), or for text that was
 * not understood, its script (`你好`). English words imply nothing: they are the canonical
 * grammar every answer's buttons and examples also use.
 */
export type ParseResult = { ok: true; command: Command; lang?: Lang } | { ok: false; hint: Hint; lang?: Lang };

/** Who asked, and where: passed in by each adapter. */
export interface CommandContext {
  /** The channel/conversation the command came from, as a delivery address. */
  channel: ChannelAddress;
  /** Platform user id, if any. */
  user?: string;
  /** The user's own IANA zone when the platform knows it (Slack users.info). */
  userZone?: string;
  /**
   * The asker's language, from the platform's locale (Slack users.info, Teams activity.locale)
   * or the terminal's (`CAFTA_LANG`, `LANG`), resolved to a catalog language. Command words of
   * another language win over it, unless `langExplicit` (the terminal's `--lang`).
   */
  lang?: Lang;
  /** The asker chose `lang` for this very request: it wins over the words typed. */
  langExplicit?: boolean;
  /**
   * How the asker's platform types a command, for the examples in help: `/cafta ` (Slack),
   * `@CAFTA ` (Teams), `cafta ` (terminal). Absent: examples are shown bare.
   */
  prefix?: string;
}

export interface CommandDeps {
  /** The current (last good) treaty data. */
  data: () => TreatyData;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** `CAFTA_DEFAULT_TZ`. */
  defaultZone: string;
  /** `CAFTA_CATCHUP_HOURS`, used to describe schedules. */
  catchupHours: number;
  /** `CAFTA_DEFAULT_LANG`: the language when the asker's is not known. */
  defaultLang: Lang;
}
