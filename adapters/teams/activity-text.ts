/**
 * Turns an inbound Teams message into command text: removes the bot's own mention (found via the
 * activity's `mention` entities, and any leftover `<at>…</at>` naming the bot), decodes the few
 * HTML entities Teams puts in `text`, and prefers a card button's `cafta` value when present.
 */
import type { TeamsActivity } from './types';

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

const decodeEntities = (s: string): string =>
  s.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => ENTITIES[name]);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text of a message with the bot's mention removed. */
export function stripBotMention(activity: Pick<TeamsActivity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  const botName = activity.recipient?.name;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || !entity.text) continue;
    // Only the bot's own mention is an address; other people's mentions stay as their name.
    if (botId && entity.mentioned?.id === botId) text = text.split(entity.text).join(' ');
  }
  text = text.replace(/<at>([\s\S]*?)<\/at>/gi, (_m, inner: string) =>
    botName && decodeEntities(inner).trim().toLowerCase() === botName.toLowerCase() ? ' ' : inner,
  );
  if (botName) text = text.replace(new RegExp(`^\\s*@${escapeRegExp(botName)}\\b`, 'i'), ' ');
  // Teams sends HTML-ish text; tags other than mentions carry no command meaning.
  text = decodeEntities(text.replace(/<[^>]{1,200}>/g, ' '));
  return text.replace(/\s+/g, ' ').trim();
}

/** The command a message asks for: a card button's `{cafta: "…"}` value wins over typed text. */
export function commandTextOf(activity: TeamsActivity): string {
  const value = activity.value;
  if (value && typeof value === 'object' && typeof (value as { cafta?: unknown }).cafta === 'string') {
    return (value as { cafta: string }).cafta.trim();
  }
  return stripBotMention(activity);
}
