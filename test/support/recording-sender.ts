/**
 * A Sender (our own port) that records what it was asked to post and answers with scripted
 * results: used by core delivery tests instead of any platform SDK.
 */
import type { Message } from '../../src/text/message';
import type { ChannelAddress } from '../../src/delivery/model';
import type { Sender, SendResult } from '../../src/infra/ports';

export interface Sent {
  target: ChannelAddress;
  msg: Message;
  messageId: string;
}

/** Decides the result for one call; `undefined` = success. May be async (to hold a send). */
export type Script = (
  target: ChannelAddress,
  msg: Message,
  call: number,
) => SendResult | undefined | Promise<SendResult | undefined>;

export function recordingSender(
  script?: Script,
): Sender & { sent: Sent[]; calls: number; inFlight: number; maxInFlight: number } {
  let seq = 0;
  const self = {
    sent: [] as Sent[],
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    async send(target: ChannelAddress, msg: Message): Promise<SendResult> {
      self.calls += 1;
      self.inFlight += 1;
      self.maxInFlight = Math.max(self.maxInFlight, self.inFlight);
      try {
        const scripted = script ? await script(target, msg, self.calls) : undefined;
        if (scripted) return scripted;
        seq += 1;
        const messageId = `m${seq}`;
        self.sent.push({ target, msg, messageId });
        return { ok: true, messageId };
      } finally {
        self.inFlight -= 1;
      }
    },
  };
  return self;
}
