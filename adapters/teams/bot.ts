/**
 * Teams turn handling: commands from channels (`@CAFTA status`), group chats and personal chats,
 * card buttons, install/uninstall. Every turn refreshes the stored conversation reference,
 * because Teams may move a conversation to a new serviceUrl.
 */
import { LRUCache } from 'lru-cache';
import { readerLang, receive, understand } from '../../src/commands/receive';
import { isBareSubscribe, type CommandContext, type CommandDeps } from '../../src/commands/types';
import { actions, message, text, type Message } from '../../src/text/message';
import { resolveLang, type Lang } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import { commandText } from '../../src/commands/vocabulary';
import type { ChannelAddress } from '../../src/delivery/model';
import type { Logger } from '../../src/infra/ports';
import { isValidZone } from '../../src/delivery/schedule';
import type { ChannelKey, Store } from '../../src/store/store';
import { toTeamsMessage } from './adaptive-card';
import { createReplyCache } from './reply-cache';
import { commandTextOf } from './activity-text';
import type { ConversationRef, TeamsActivity, Turn } from './types';
import { createTeamsForms } from './forms';
import { readFormSubmit } from './subscription-form';

export const PLATFORM = 'teams';

/** What the bot stores as a channel's delivery address: a conversation reference (+ its team). */
export type TeamsAddress = ConversationRef & { teamId?: string };

export interface TeamsBotDeps {
  store: Store;
  commandDeps: CommandDeps;
  logger: Logger;
}

/** A channel thread's id carries `;messageid=…`; the channel itself is the part before it. */
export const baseConversationId = (id: string): string => id.split(';messageid=')[0];

export function channelKeyOf(activity: TeamsActivity): ChannelKey {
  const tenant = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id ?? 'no-tenant';
  return { platform: PLATFORM, workspace: tenant, channel: baseConversationId(activity.conversation?.id ?? '') };
}

/** The reference to keep: the channel (not the thread), without the one-off activity id. */
export function addressOf(ref: ConversationRef, activity: TeamsActivity): TeamsAddress {
  const teamId = activity.channelData?.team?.id;
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: { ...ref.conversation, id: baseConversationId(ref.conversation.id) },
    ...(ref.bot ? { bot: ref.bot } : {}),
    ...(ref.user ? { user: ref.user } : {}),
    ...(ref.locale ? { locale: ref.locale } : {}),
    ...(teamId ? { teamId } : {}),
  };
}

/** The card a new conversation gets, in the language of the user who added the bot. */
export function welcomeMessage(lang: Lang): Message {
  const tx = textsFor(lang);
  const cmd = (name: Parameters<typeof commandText>[1]): string => commandText(tx.lang, name);
  return {
    ...message(tx.t('welcome.summary'), [
      text(tx.t('welcome.intro')),
      text(tx.t('welcome.howTo', { status: cmd('status'), help: cmd('help') })),
      text(tx.t('welcome.subscribe', { subscribe: cmd('subscribe') }), 'muted'),
      actions(
        { label: tx.t('action.status'), command: cmd('status'), style: 'primary' },
        { label: tx.t('action.timeline'), command: cmd('timeline') },
        { label: tx.t('action.help'), command: cmd('help') },
      ),
    ]),
    lang: tx.lang,
  };
}

/** The catalog language of the activity's locale (every `zh-*` is Chinese), if any. */
const langOf = (activity: TeamsActivity): Lang | undefined => resolveLang(activity.locale);

type TeamsReply = ReturnType<typeof toTeamsMessage>;

/** How long an unchanged conversation reference is not rewritten. */
const REFERENCE_REFRESH_MS = 5 * 60_000;

const installMarker = (key: ChannelKey): string => `teams:installed:${key.workspace}:${key.channel}`;

const isBot = (activity: TeamsActivity, members: Array<{ id: string }> | undefined): boolean =>
  Boolean(activity.recipient?.id && members?.some((m) => m.id === activity.recipient?.id));

export function createTeamsBot(deps: TeamsBotDeps): (turn: Turn) => Promise<void> {
  const { store, commandDeps, logger } = deps;
  const references = createReferenceKeeper(store, commandDeps.clock);
  const replies = createReplyCache<TeamsReply>();
  const forms = createTeamsForms(commandDeps);

  const answer = async (turn: Turn, key: ChannelKey): Promise<void> => {
    await references.remember(turn, key);
    const asker = askerOf(turn, key);
    // A subscription form's submit (Save, Edit, Delete) carries its values, not a command.
    const submit = readFormSubmit(turn.activity.value);
    if (submit) {
      await turn.reply(await forms.submit(submit, asker));
      return;
    }
    const request = understand(commandTextOf(turn.activity));
    // `subscribe` with nothing else: the form instead of the defaults.
    if (request.ok && isBareSubscribe(request.command)) {
      await turn.reply(forms.newForm(readerLang(request, asker, commandDeps), asker));
      return;
    }
    const listing = request.ok && request.command.name === 'subscriptions';
    const subs = listing ? await store.listSubscriptions(key) : [];
    // Information answers are the same for everyone until the data (or, for `next`, the local
    // date) changes: the rendered card is reused rather than rebuilt on every message.
    const reply = await receive(request, asker, commandDeps, {
      render: (msg) =>
        listing
          ? forms.withManageButtons(toTeamsMessage(msg), msg.lang ?? commandDeps.defaultLang, subs, asker)
          : toTeamsMessage(msg),
      reuse: replies,
    });
    await turn.reply(reply);
  };
  const welcome = async (turn: Turn, key: ChannelKey): Promise<void> => {
    await references.remember(turn, key);
    await greetOnce(store, turn, key, langOf(turn.activity) ?? commandDeps.defaultLang);
  };
  const forget = async (activity: TeamsActivity, key: ChannelKey): Promise<void> => {
    references.forgetAll(); // the next turn anywhere writes its reference again
    await forgetConversation(store, logger, activity, key);
  };

  return async (turn) => {
    const { activity } = turn;
    const key = channelKeyOf(activity);
    switch (activity.type) {
      case 'message':
        return answer(turn, key);
      case 'conversationUpdate':
        if (isBot(activity, activity.membersRemoved)) return forget(activity, key);
        if (isBot(activity, activity.membersAdded)) return welcome(turn, key);
        return references.remember(turn, key);
      case 'installationUpdate':
        if (activity.action?.startsWith('remove')) return forget(activity, key);
        if (activity.action?.startsWith('add')) return welcome(turn, key);
        return references.remember(turn, key);
      default:
        return references.remember(turn, key);
    }
  };
}

/** The asker's context for the core: this conversation, the user, and their zone when Teams sent one. */
function askerOf(turn: Turn, key: ChannelKey): CommandContext {
  const { activity } = turn;
  const zone = activity.localTimezone && isValidZone(activity.localTimezone) ? activity.localTimezone : undefined;
  const lang = langOf(activity);
  // Personal and group chats are "this chat" in answers; channels "this channel".
  const type = activity.conversation?.conversationType;
  return {
    place: type === 'personal' || type === 'groupChat' ? 'chat' : 'channel',
    channel: { ...key, address: addressOf(turn.reference, activity) },
    user: activity.from?.aadObjectId ?? activity.from?.id,
    prefix: '@CAFTA ',
    ...(zone ? { userZone: zone } : {}),
    ...(lang ? { lang } : {}),
  };
}

/**
 * Keeps each conversation's stored reference fresh. Every turn refreshes it (its serviceUrl can
 * change), but an unchanged one needs no write for a while: the per-turn SQLite transaction was
 * ~5% of a Teams answer's CPU.
 */
function createReferenceKeeper(store: Store, clock: () => Date) {
  const saved = new LRUCache<string, { json: string; at: number }>({ max: 10_000 });
  return {
    async remember(turn: Turn, key: ChannelKey): Promise<void> {
      const addr: ChannelAddress = { ...key, address: addressOf(turn.reference, turn.activity) };
      const id = JSON.stringify([key.workspace, key.channel]);
      const json = JSON.stringify(addr.address);
      const at = clock().getTime();
      const last = saved.get(id);
      if (last && last.json === json && at >= last.at && at - last.at < REFERENCE_REFRESH_MS) return;
      await store.saveChannel(addr, clock());
      saved.set(id, { json, at });
    },
    forgetAll: (): void => saved.clear(),
  };
}

/**
 * Teams sends both installationUpdate and conversationUpdate on install, possibly to two replicas
 * at once: an atomic compare-and-set on an install marker lets exactly one of them greet.
 */
async function greetOnce(store: Store, turn: Turn, key: ChannelKey, lang: Lang): Promise<void> {
  const marker = installMarker(key);
  const current = await store.getMeta(marker);
  if (current === 'installed') return;
  if (await store.compareAndSetMeta(marker, current, 'installed'))
    await turn.reply(toTeamsMessage(welcomeMessage(lang)));
}

/** The bot was removed: forget the conversation and its subscriptions (a team's: all its channels). */
async function forgetConversation(
  store: Store,
  logger: Logger,
  activity: TeamsActivity,
  key: ChannelKey,
): Promise<void> {
  let removed = await store.deleteChannel(key);
  // Removing the bot from a team ends every channel of that team, not only the one the event names.
  const teamId = activity.channelData?.team?.id;
  if (teamId) {
    const subs = await store.listSubscriptions({ platform: PLATFORM, workspace: key.workspace });
    const channels = new Set(
      subs.filter((s) => (s.address as TeamsAddress | null)?.teamId === teamId).map((s) => s.channel),
    );
    for (const channel of channels) removed += await store.deleteChannel({ ...key, channel });
  }
  const marker = installMarker(key);
  const current = await store.getMeta(marker);
  if (current !== null && current !== 'removed') await store.compareAndSetMeta(marker, current, 'removed');
  logger.info('teams conversation forgotten (bot removed)', {
    workspace: key.workspace,
    channel: key.channel,
    subscriptionsRemoved: removed,
  });
}
