/**
 * The digest as a neutral Message: what changed since this channel's last digest, ratification
 * status, what is coming, data "as of". Pure: the instant and zone are passed in. (Reminder and
 * alert messages live with their handlers.)
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  context,
  divider,
  facts,
  header,
  list,
  message,
  subheading,
  text,
  toChannel,
  type Block,
  type Message,
} from '../text/message';
import type { Texts } from '../text/texts';
import { deepFreeze } from '../infra/freeze';
import type { RatificationEvent, TreatyData } from '../treaty/model';
import type { SubscriptionFilters } from './model';
import { comingUp, ratificationKindLabel, partiesOf, partyName, partyStatusLine } from './digest-parts';
import { localDate } from '../treaty/anniversaries';
import { statusCounts } from '../treaty/queries';
import { commandText, optionWord } from '../commands/vocabulary';
import { statusButtons, statusImage } from '../commands/web-links';

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

const prints = new WeakMap<RatificationEvent, string>();

/** A fingerprint of an event's recorded dates and sources (kept per loaded event object). */
function eventPrint(e: RatificationEvent): string {
  let print = prints.get(e);
  if (print === undefined) {
    print = createHash('sha256')
      .update(JSON.stringify([e.kind, e.party, e.date.values, e.sources]))
      .digest('hex')
      .slice(0, 12);
    prints.set(e, print);
  }
  return print;
}

/** What a snapshot says about the data: the same for every channel until the data changes. */
const snapshots = new WeakMap<TreatyData, Omit<DigestState, 'lastDigestAt'>>();

/** The state to store after a digest went out at `sentAt`. */
export function digestSnapshot(data: TreatyData, sentAt: Date): DigestState {
  let snap = snapshots.get(data);
  if (!snap) {
    snap = {
      dataVersion: data.version,
      asOf: data.asOf,
      eventIds: data.events.map((e) => e.id),
      eventPrints: Object.fromEntries(data.events.map((e) => [e.id, eventPrint(e)])),
    };
    snapshots.set(data, snap);
  }
  return { ...snap, lastDigestAt: sentAt.toISOString() };
}

const eventLine = (tx: Texts, data: TreatyData, e: RatificationEvent): string =>
  tx.t('digest.eventLine', {
    party: partyName(data, e.party),
    kind: ratificationKindLabel(tx, e.kind),
    date: tx.fact(e.date),
  });

/** Lines saying what changed since `state`; empty when nothing did. `only`: events to consider. */
export function changesSince(
  tx: Texts,
  data: TreatyData,
  state: DigestState,
  only: (e: RatificationEvent) => boolean = () => true,
): string[] {
  const known = new Set(state.eventIds);
  const now = new Set(data.events.map((e) => e.id));
  const out: string[] = [];
  for (const e of data.events.filter(only)) {
    if (!known.has(e.id)) out.push(tx.t('digest.change.new', { line: eventLine(tx, data, e) }));
    else if (state.eventPrints?.[e.id] && state.eventPrints[e.id] !== eventPrint(e))
      out.push(tx.t('digest.change.corrected', { line: eventLine(tx, data, e) }));
  }
  for (const id of state.eventIds) if (!now.has(id)) out.push(tx.t('digest.change.removed', { id }));
  if (state.dataVersion && state.dataVersion !== data.version && out.length === 0) {
    out.push(tx.t('digest.change.revised', { date: tx.day(data.asOf) }));
  }
  return out;
}

/** Status of every party, or the chosen ones in full and the rest in one short line. */
function statusBlocks(tx: Texts, data: TreatyData, parties: readonly string[]): Block[] {
  const c = statusCounts(data);
  const chosen = (code: string): boolean => parties.length === 0 || parties.includes(code.toLowerCase());
  const all = partiesOf(data);
  const rest = all.filter((p) => !chosen(p.code));
  const blocks: Block[] = [
    text(tx.t('digest.status', { parties: c.parties, ratified: c.ratified, notified: c.notified, inForce: c.inForce })),
    facts(all.filter((p) => chosen(p.code)).map((p) => [p.shortName, partyStatusLine(tx, data, p)])),
  ];
  if (rest.length > 0)
    blocks.push(
      context(
        tx.t('digest.otherParties', {
          count: rest.length,
          names: tx.list(rest.map((p) => p.shortName)),
          command: commandText(tx.lang, 'status'),
        }),
      ),
    );
  if (data.events.length === 0) blocks.push(context(data.eventsNote));
  return blocks;
}

/** The chosen areas first, each with what it covers; the others named in one short line. */
function areaBlocks(tx: Texts, data: TreatyData, areas: readonly number[]): Block[] {
  if (areas.length === 0) return [];
  const chosen = data.areas.filter((a) => areas.includes(a.number));
  const rest = data.areas.filter((a) => !areas.includes(a.number));
  return [
    text(tx.t('digest.yourAreas')),
    facts(
      chosen.map((a) => [
        tx.t('digest.areaLabel', { number: a.number, name: a.name }),
        a.summary ?? a.note ?? tx.t('digest.areaNoSummary'),
      ]),
    ),
    ...(rest.length > 0
      ? [context(tx.t('digest.otherAreas', { count: rest.length, command: commandText(tx.lang, 'areas') }))]
      : []),
    divider(),
  ];
}

/**
 * The parts of a digest that are the same for every channel reading the same data in the same
 * language on the same local date (status, coming up, footer): built once per (loaded data,
 * language, local date, part), then shared. A reload brings a new data object, so new parts.
 * Shared blocks are never changed downstream (renderers only read them).
 */
const sharedParts = new WeakMap<TreatyData, LRUCache<string, Block[]>>();

function shared(data: TreatyData, key: string, build: () => Block[]): Block[] {
  let parts = sharedParts.get(data);
  if (!parts) {
    parts = new LRUCache<string, Block[]>({ max: 256 });
    sharedParts.set(data, parts);
  }
  let blocks = parts.get(key);
  if (!blocks) {
    blocks = deepFreeze(build());
    parts.set(key, blocks);
  }
  return blocks;
}

/**
 * "Coming up" depends on the instant only through its local date in `zone` (upcoming() starts
 * the window at local today), so it is shared per local date, whatever the zone.
 */
function comingUpBlocks(tx: Texts, data: TreatyData, now: Date, zone: string, today: string): Block[] {
  return shared(data, `comingUp|${tx.lang}|${today}`, () => buildComingUpBlocks(tx, data, now, zone));
}

function buildComingUpBlocks(tx: Texts, data: TreatyData, now: Date, zone: string): Block[] {
  const { items, notes } = comingUp(tx, data, now, DIGEST_LOOKAHEAD_DAYS, zone);
  return [
    subheading(tx.t('digest.comingUp', { days: DIGEST_LOOKAHEAD_DAYS })),
    items.length > 0 ? list(items) : text(tx.t('digest.nothingComingUp', { days: DIGEST_LOOKAHEAD_DAYS })),
    ...notes.map((n) => context(n)),
  ];
}

export interface DigestOptions {
  /** `weekly`/`daily` for the title; omitted for a preview. */
  cadence?: 'daily' | 'weekly';
  /** When there is no previous digest: the subscription's creation instant. */
  since?: Date;
  preview?: boolean;
  /** `CAFTA_PUBLIC_URL`: the digest carries the board picture and links to the status page. */
  publicUrl?: string;
  /** What the subscription is narrowed to: those parties and areas lead, the rest is kept short. */
  filters?: SubscriptionFilters;
  /** A preview's wording: "this chat" or "this channel" (the default). */
  place?: 'chat' | 'channel';
}

/**
 * The digest for one channel, in `tx`'s language (`data` in that language): changes since
 * `state`, status, coming up, data as of. `state` null means the channel has no digest
 * subscription (a preview): there is nothing to compare with.
 */
export function buildDigest(
  tx: Texts,
  data: TreatyData,
  state: DigestState | null,
  now: Date,
  zone: string,
  opts: DigestOptions = {},
): Message {
  const todayIso = localDate(now, zone);
  const today = tx.day(todayIso);
  const title = tx.t('digest.title', {
    kind: opts.preview ? 'preview' : opts.cadence === 'daily' ? 'daily' : 'weekly',
    date: today,
  });
  const last = state?.lastDigestAt ? new Date(state.lastDigestAt) : null;
  const sinceText = last
    ? tx.t('digest.since', { what: 'last', date: tx.day(localDate(last, zone)) })
    : opts.since
      ? tx.t('digest.since', { what: 'subscribed', date: tx.day(localDate(opts.since, zone)) })
      : null;
  const parties = opts.filters?.parties ?? [];
  const mine = (e: RatificationEvent): boolean => parties.length === 0 || parties.includes(e.party.toLowerCase());
  const changes = state ? changesSince(tx, data, state, mine) : [];
  // Other parties' changes are only counted.
  const otherChanges = state && parties.length > 0 ? changesSince(tx, data, state, (e) => !mine(e)).length : 0;
  const otherChangeBlocks: Block[] =
    otherChanges > 0
      ? [context(tx.t('digest.otherChanges', { count: otherChanges, command: commandText(tx.lang, 'status') }))]
      : [];
  const changeBlocks: Block[] = !state
    ? [
        text(
          tx.t('digest.noSubscription', {
            place: opts.place ?? 'channel',
            command: commandText(tx.lang, 'subscribe', optionWord(tx.lang, 'grammar.kind.digest')),
          }),
        ),
      ]
    : changes.length > 0
      ? [
          text(tx.t('digest.changedSince', { since: sinceText ?? tx.t('digest.lastDigest') }), 'attention'),
          list(changes),
          ...otherChangeBlocks,
        ]
      : [
          text(sinceText ? tx.t('digest.nothingSince', { since: sinceText }) : tx.t('digest.nothing')),
          ...otherChangeBlocks,
        ];
  const summary = !state
    ? title
    : changes.length > 0
      ? tx.t('digest.summaryChanges', { title, count: changes.length })
      : tx.t('digest.summaryNothing', { title });
  return {
    ...toChannel(
      message(summary, [
        header(title),
        ...changeBlocks,
        divider(),
        ...shared(data, `areas|${tx.lang}|${(opts.filters?.areas ?? []).join(',')}`, () =>
          areaBlocks(tx, data, opts.filters?.areas ?? []),
        ),
        ...shared(data, `status|${tx.lang}|${parties.join(',')}`, () => statusBlocks(tx, data, parties)),
        ...shared(data, `links|${tx.lang}|${opts.publicUrl ?? ''}`, () => [
          ...statusImage(tx, data, opts.publicUrl),
          ...statusButtons(tx, data, opts.publicUrl),
        ]),
        divider(),
        ...comingUpBlocks(tx, data, now, zone, todayIso),
        ...shared(data, `footer|${tx.lang}`, () => [
          context(
            tx.t('digest.footer', {
              date: tx.day(data.asOf),
              version: data.version,
              status: commandText(tx.lang, 'status'),
              timeline: commandText(tx.lang, 'timeline'),
            }),
          ),
        ]),
      ]),
    ),
    lang: tx.lang,
  };
}
