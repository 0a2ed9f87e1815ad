/**
 * The command grammar as data. `parseCommand` turns text into a `Command` (or a hint);
 * `runCommand` turns a `Command` into a `Message`.
 */
import type { TreatyData } from '../treaty/model';
import type { Cadence, ChannelAddress, SubscriptionKind, Weekday } from '../delivery/model';
import type { Message } from '../text/message';
import type { Store } from '../store/store';
import type { Clock, Logger } from '../infra/ports';

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
    }
  | { name: 'unsubscribe'; kinds: SubscriptionKind[] }
  | { name: 'subscriptions' }
  | { name: 'digest' };

export type CommandName = Command['name'];

/** `ok: false` carries a ready-to-send hint (what was not understood, the nearest valid form). */
export type ParseResult = { ok: true; command: Command } | { ok: false; hint: Message };

/** Who asked, and where: passed in by each adapter. */
export interface CommandContext {
  /** The channel/conversation the command came from, as a delivery address. */
  channel: ChannelAddress;
  /** Platform user id, if any. */
  user?: string;
  /** The user's own IANA zone when the platform knows it (Slack users.info). */
  userZone?: string;
  // The asker's language belongs here too (from the platform's locale, or the terminal's) once
  // answers come from message catalogs: every adapter builds this context, and only here.
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
}
