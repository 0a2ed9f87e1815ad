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
      /** The kinds named (`all` expanded); every kind when none was named. */
      kinds: SubscriptionKind[];
      /**
       * Each setting is present only when the user gave it: an existing subscription keeps the
       * rest, a new one gets the defaults (weekly, Monday, 09:00, the asker's zone and language,
       * every party and area).
       */
      cadence?: Cadence;
      weekday?: Weekday;
      time?: string;
      zone?: string;
      lang?: Lang;
      /** `party …` / `area …`: `all` (clear), or the positions in `words` of the names typed. */
      parties?: FilterWords;
      areas?: FilterWords;
      /**
       * The option words as typed (after splitting), so a hint can offer the whole command again
       * with one word replaced. Empty for a bare `subscribe` (which platforms with forms answer
       * with a form: see `isBareSubscribe`).
       */
      words: string[];
      /**
       * A cadence, day or time typed for alerts alone, as typed: alerts come when the data
       * changes, so these are not applied and the answer says why.
       */
      untimed?: string[];
      /**
       * A cadence or day typed for reminders alone, as typed: reminders come on each anniversary
       * (at the time chosen), so these are not applied and the answer says why.
       */
      undated?: string[];
    }
  | { name: 'unsubscribe'; kinds: SubscriptionKind[] }
  | { name: 'subscriptions' }
  | { name: 'digest' };

export type CommandName = Command['name'];

/** What a `party …` or `area …` option named: everything again, or words at these positions. */
export type FilterWords = 'all' | number[];

/** `subscribe` with nothing after it: Slack and Teams answer it with a form. */
export const isBareSubscribe = (cmd: Command): boolean => cmd.name === 'subscribe' && cmd.words.length === 0;

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
  /** Where the command came from, for wording: a chat (personal or group) or a channel (default). */
  place?: 'chat' | 'channel';
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
  /** `CAFTA_PUBLIC_URL` (no trailing slash): status answers and digests link the public page. */
  publicUrl?: string;
}
