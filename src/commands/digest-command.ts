/**
 * `digest`: preview this channel's digest now, compared with what its digest subscription last
 * reported (or plainly without comparison when the channel has none). Answers only the asker, in
 * the asker's language; when the channel's digest is delivered in another language, it says so.
 */
import { buildDigest, readDigestState } from '../delivery/digest';
import { context, type Message } from '../text/message';
import { textsFor } from '../text/texts';
import { dataIn } from '../treaty/localize';
import type { CommandContext, CommandDeps } from './types';

export async function runDigestCommand(ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const tx = textsFor(ctx.lang ?? deps.defaultLang);
  const { platform, workspace, channel } = ctx.channel;
  const subs = await deps.store.listSubscriptions({ platform, workspace, channel });
  const sub = subs.find((s) => s.kind === 'digest');
  const zone = sub?.zone ?? ctx.userZone ?? deps.defaultZone;
  const msg = buildDigest(
    tx,
    dataIn(deps.data(), tx.lang),
    sub ? readDigestState(sub.state) : null,
    deps.clock(),
    zone,
    {
      preview: true,
      since: sub?.createdAt,
      publicUrl: deps.publicUrl,
      filters: sub?.filters,
      place: ctx.place,
    },
  );
  const other =
    sub && sub.lang !== tx.lang
      ? [context(tx.t('digest.previewLang', { language: tx.langName(sub.lang), place: ctx.place ?? 'channel' }))]
      : [];
  return { ...msg, blocks: [...msg.blocks, ...other], audience: 'reply' };
}
