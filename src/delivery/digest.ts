/**
 * The digest as a neutral Message: what changed since this channel's last digest, ratification
 * status, what is coming, data "as of". Pure: the instant and zone are passed in. (Reminder and
 * alert messages live with their handlers.)
 */
import { createHash } from 'node:crypto';
import {
  context,
  divider,
  facts,
  header,
  list,
  message,
  text,
  toChannel,
  type Block,
  type Message,
} from '../text/message';
import type { RatificationEvent, TreatyData } from '../treaty/model';
import { comingUp, ratificationKindLabel, partiesOf, partyName, partyStatusLine } from './digest-parts';
import { localDate } from '../treaty/anniversaries';
import { formatDatedFact, formatDay, statusCounts } from '../treaty/queries';

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

const eventLine = (data: TreatyData, e: RatificationEvent): string =>
  `${partyName(data, e.party)}: ${ratificationKindLabel(e.kind)} ${formatDatedFact(e.date)}`;

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
  const today = formatDay(localDate(now, zone));
  const title = `${opts.preview ? 'Digest preview' : opts.cadence === 'daily' ? 'Daily digest' : 'Weekly digest'}: CAFTA 3.0, ${today}`;
  const last = state?.lastDigestAt ? new Date(state.lastDigestAt) : null;
  const sinceText = last
    ? `your last digest on ${formatDay(localDate(last, zone))}`
    : opts.since
      ? `you subscribed on ${formatDay(localDate(opts.since, zone))}`
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
