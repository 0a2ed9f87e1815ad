/**
 * Ports the core needs from the outside world, injected so tests need no module patching.
 */
import type { Message } from '../text/message';
import type { ChannelAddress } from '../delivery/model';

/** Returns the current instant. Tests pass a fixed clock. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Structured logger. Implementations must never print secrets (see `redact` in redact.ts). */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /**
   * Whether lines at `level` are written at all: a caller may skip building a costly message
   * (e.g. a library's debug line carrying a whole request body). Absent = assume yes.
   */
  enabled?(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
}

/** Outcome of one attempt to post a Message to a channel. */
export type SendResult =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** Permanent: retrying cannot help (channel archived, bot removed, not in channel). */
      permanent: boolean;
      /** Short machine-friendly reason, e.g. `channel_not_found`, `http_502`. */
      reason: string;
      /** When the platform asked us to wait (429 Retry-After). */
      retryAfterMs?: number;
    };

/**
 * Posts a Message to a stored address on one platform. Implemented by each adapter; the sender
 * does its own short, bounded retries (429 Retry-After, 5xx) within one call.
 */
export interface Sender {
  send(target: ChannelAddress, msg: Message): Promise<SendResult>;
}

/** Senders by platform name (the `platform` field of a subscription). */
export type SenderRegistry = Record<string, Sender | undefined>;
