/**
 * Scheduled messages as neutral Messages: the digest (what changed since this channel's last
 * digest, ratification status, what is coming, data "as of"), anniversary reminders and alerts.
 * Pure: the instant and zone are passed in.
 */
import { createHash } from 'node:crypto';
import {
  context,
  divider,
  facts,
  header,
  links,
  list,
  message,
  text,
  toChannel,
  type Block,
  type Message,
} from '../text/message';
import type { RatificationEvent, TreatyData } from '../treaty/model';
import { sourceItemById } from '../treaty/sources';
import {
  comingUp,
  formatDatedFact,
  formatLocal,
  kindLabel,
  ordinal,
  partiesOf,
  partyName,
  partyStatusLine,
} from './digest-parts';
import { formatDay, statusCounts } from '../treaty/queries';
import { localDateOf, type ReminderSlot } from './schedule';

/** Days ahead the digest looks for anniversaries and expected events. */
export const DIGEST_LOOKAHEAD_DAYS = 30;

/**
 * What a digest subscription remembers about the data it last reported (kept in
 * `Subscription.state`). `subscribe` writes `{dataVersion, eventIds}`; delivery adds the rest.
 */
export interface DigestState {
  dataVersion?: string;
  asOf?: string;
  eventIds: string[];
  /** Event id → fingerprint of its recorded dates and sources, to notice corrections. */
  eventPrints?: Record<string, string>;
  /** ISO instant of the last digest sent. */
  lastDigestAt?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a subscription's stored state leniently (missing or old fields are fine). */
export function readDigestState(state: Record<string, unknown> | null | undefined): DigestState {
  const s = state ?? {};
  const prints =
    s.eventPrints && typeof s.eventPrints === 'object' ? (s.eventPrints as Record<string, unknown>) : undefined;
  return {
    dataVersion: str(s.dataVersion),
    asOf: str(s.asOf),
    eventIds: strings(s.eventIds),
    eventPrints: prints
      ? Object.fromEntries(Object.entries(prints).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined,
    lastDigestAt: str(s.lastDigestAt),
  };
}

const eventPrint = (e: RatificationEvent): string =>
  createHash('sha256')
    .update(JSON.stringify([e.kind, e.party, e.date.values, e.sources]))
    .digest('hex')
    .slice(0, 12);

/** The state to store after a digest went out at `sentAt`. */
export function digestSnapshot(data: TreatyData, sentAt: Date): DigestState {
  return {
    dataVersion: data.version,
    asOf: data.asOf,
    eventIds: data.events.map((e) => e.id),
    eventPrints: Object.fromEntries(data.events.map((e) => [e.id, eventPrint(e)])),
    lastDigestAt: sentAt.toISOString(),
  };
}

/**
 * Fingerprint of the alert-worthy records (ratification, notification, entry into force). Stored
 * with `compareAndSetMeta` so exactly one replica notices a change and marks alerts due.
 */
export function alertHash(data: TreatyData): string {
  const rows = data.events
    .map((e) => [e.id, e.kind, e.party, e.date.values.map((v) => v.date)])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}

/** Events recorded now that are not in an alerts subscription's baseline, oldest id order. */
export function newAlertEvents(data: TreatyData, baseline: readonly string[]): RatificationEvent[] {
  const known = new Set(baseline);
  return data.events.filter((e) => !known.has(e.id));
}

const eventLine = (data: TreatyData, e: RatificationEvent): string =>
  `${partyName(data, e.party)}: ${kindLabel(e.kind)} ${formatDatedFact(e.date)}`;

/** Lines saying what changed since `state`; empty when nothing did. */
export function changesSince(data: TreatyData, state: DigestState): string[] {
  const known = new Set(state.eventIds);
  const now = new Set(data.events.map((e) => e.id));
  const out: string[] = [];
  for (const e of data.events) {
    if (!known.has(e.id)) out.push(`New: ${eventLine(data, e)}`);
    else if (state.eventPrints?.[e.id] && state.eventPrints[e.id] !== eventPrint(e))
      out.push(`Corrected: ${eventLine(data, e)}`);
  }
  for (const id of state.eventIds) if (!now.has(id)) out.push(`No longer recorded (corrected in the data): ${id}`);
  if (state.dataVersion && state.dataVersion !== data.version && out.length === 0) {
    out.push(
      `The treaty data was revised (now as of ${formatDay(data.asOf)}); no ratification, notification or entry into force changed.`,
    );
  }
  return out;
}

function statusBlocks(data: TreatyData): Block[] {
  const c = statusCounts(data);
  const blocks: Block[] = [
    text(
      `Ratification status (${c.parties} parties): ratified ${c.ratified}, notified ${c.notified}, in force ${c.inForce}.`,
    ),
    facts(partiesOf(data).map((p) => [p.shortName, partyStatusLine(data, p)])),
  ];
  if (data.events.length === 0) blocks.push(context(data.eventsNote));
  return blocks;
}

function comingUpBlocks(data: TreatyData, now: Date, zone: string): Block[] {
  const { items, notes } = comingUp(data, now, DIGEST_LOOKAHEAD_DAYS, zone);
  return [
    text(`Coming up in the next ${DIGEST_LOOKAHEAD_DAYS} days`),
    items.length > 0
      ? list(items)
      : text(`No anniversaries or dated events in the next ${DIGEST_LOOKAHEAD_DAYS} days.`),
    ...notes.map((n) => context(n)),
  ];
}

export interface DigestOptions {
  /** `weekly`/`daily` for the title; omitted for a preview. */
  cadence?: 'daily' | 'weekly';
  /** When there is no previous digest: the subscription's creation instant. */
  since?: Date;
  preview?: boolean;
}

/**
 * The digest for one channel: changes since `state`, status, coming up, data as of. `state` null
 * means the channel has no digest subscription (a preview): there is nothing to compare with.
 */
export function buildDigest(
  data: TreatyData,
  state: DigestState | null,
  now: Date,
  zone: string,
  opts: DigestOptions = {},
): Message {
  const today = formatLocal(localDateOf(now, zone));
  const title = `${opts.preview ? 'Digest preview' : opts.cadence === 'daily' ? 'Daily digest' : 'Weekly digest'}: CAFTA 3.0, ${today}`;
  const last = state?.lastDigestAt ? new Date(state.lastDigestAt) : null;
  const sinceText = last
    ? `your last digest on ${formatLocal(localDateOf(last, zone))}`
    : opts.since
      ? `you subscribed on ${formatLocal(localDateOf(opts.since, zone))}`
      : null;
  const changes = state ? changesSince(data, state) : [];
  const changeBlocks: Block[] = !state
    ? [
        text(
          'This channel has no digest subscription, so there is no earlier digest to compare with. "subscribe digest" sets one up.',
        ),
      ]
    : changes.length > 0
      ? [text(`What changed since ${sinceText ?? 'the last digest'}:`, 'attention'), list(changes)]
      : [text(sinceText ? `Nothing changed since ${sinceText}.` : 'Nothing changed in the ratification record.')];
  const summary = !state
    ? title
    : changes.length > 0
      ? `${title}: ${changes.length} change(s)`
      : `${title}: nothing changed`;
  return toChannel(
    message(summary, [
      header(title),
      ...changeBlocks,
      divider(),
      ...statusBlocks(data),
      divider(),
      ...comingUpBlocks(data, now, zone),
      context(`Data as of ${formatDay(data.asOf)} (version ${data.version}). Try "status" or "timeline" for more.`),
    ]),
  );
}

function sourceBlocks(data: TreatyData, ids: string[]): Block[] {
  const known = ids.filter((id) => data.sources[id]).slice(0, 3);
  return known.length === 0 ? [] : [links(known.map((id) => sourceItemById(data, id, 'Source: ')))];
}

/** An anniversary reminder; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out. */
export function buildReminder(data: TreatyData, slot: ReminderSlot): Message {
  const a = slot.anniversary;
  const nth = ordinal(slot.years);
  const round = slot.years === 1 || slot.years % 5 === 0;
  const title = round ? `${nth} anniversary: ${a.title}` : `Anniversary: ${a.title}`;
  const origin = formatLocal(a.origin);
  return toChannel(
    message(`${title} (${formatLocal(slot.localDate)})`, [
      header(title),
      text(`Today, ${formatLocal(slot.localDate)}, is the ${nth} anniversary of this milestone (${origin}).`),
      ...(round
        ? [text(`A round anniversary: ${slot.years} ${slot.years === 1 ? 'year' : 'years'} since ${origin}.`, 'good')]
        : []),
      ...sourceBlocks(data, a.sources),
      context(`Data as of ${formatDay(data.asOf)}. Try "milestone ${a.id}" for the full record.`),
    ]),
  );
}

/** An alert for one newly recorded ratification, notification or entry into force. */
export function buildAlert(data: TreatyData, event: RatificationEvent): Message {
  const who = partyName(data, event.party);
  const title = `New record: ${who} ${kindLabel(event.kind)}`;
  const parties = partiesOf(data);
  const sameKind = new Set(data.events.filter((e) => e.kind === event.kind).map((e) => e.party)).size;
  return toChannel(
    message(`${title} (${formatDatedFact(event.date)})`, [
      header(title),
      text(
        `The data now records ${who}'s ${kindLabel(event.kind)} of the CAFTA 3.0 Upgrade Protocol: ${formatDatedFact(event.date)}.`,
        'attention',
      ),
      ...(event.summary ? [text(event.summary)] : []),
      facts([
        [`Parties with ${kindLabel(event.kind)}`, `${sameKind} of ${parties.length}`],
        ['Data as of', formatDay(data.asOf)],
      ]),
      ...sourceBlocks(data, event.sources),
      context(`Try "party ${event.party.toLowerCase()}" or "status".`),
    ]),
  );
}
