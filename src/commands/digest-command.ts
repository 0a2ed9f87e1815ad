/**
 * `digest`: preview this channel's digest now, compared with what its digest subscription last
 * reported (or plainly without comparison when the channel has none). Answers only the asker.
 */
import { buildDigest, readDigestState } from '../delivery/digest';
import type { Message } from '../text/message';
import type { CommandContext, CommandDeps } from './types';

export async function runDigestCommand(ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const { platform, workspace, channel } = ctx.channel;
  const subs = await deps.store.listSubscriptions({ platform, workspace, channel });
  const sub = subs.find((s) => s.kind === 'digest');
  const zone = sub?.zone ?? ctx.userZone ?? deps.defaultZone;
  const msg = buildDigest(deps.data(), sub ? readDigestState(sub.state) : null, deps.clock(), zone, {
    preview: true,
    since: sub?.createdAt,
  });
  return { ...msg, audience: 'reply' };
}
