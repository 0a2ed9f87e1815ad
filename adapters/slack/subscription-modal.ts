/**
 * The subscription form as a Slack modal, PURE: the view (`buildSubscriptionModal`), what a
 * submission's `view.state.values` and `private_metadata` say (`readSubmission`, `readMetadata`),
 * and field errors keyed by block id for `response_action: "errors"`. Saving goes through the
 * core's `applySubscriptionEdit` (subscription-forms.ts), the same path as the grammar and Teams.
 * Every text is a catalog text in the reader's language, and every Block Kit limit is kept here.
 */
import type { Cadence, Subscription, SubscriptionKind, Weekday } from '../../src/delivery/model';
import { SUBSCRIPTION_KINDS } from '../../src/delivery/model';
import { partyChoices, type FieldError, type RawEdit } from '../../src/commands/subscription-edit';
import { fieldErrorText } from '../../src/commands/subscription-edit';
import { LANGS, resolveLang, type Lang } from '../../src/text/i18n';
import type { Texts } from '../../src/text/texts';
import type { TreatyData } from '../../src/treaty/model';

export const MODAL_CALLBACK_ID = 'cafta_subscription';
export const HOME_ADD_ACTION = 'cafta_home_add';
export const HOME_EDIT_ACTION = 'cafta_home_edit';
export const HOME_DELETE_ACTION = 'cafta_home_delete';

/** Slack's limits for what the modal uses (https://docs.slack.dev/reference/block-kit). */
export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  blocks: 100,
  optionText: 75,
  optionValue: 150,
  options: 100,
  optionGroups: 100,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  privateMetadata: 3000,
  sectionText: 3000,
  errorText: 300,
} as const;

/** The modal's input blocks; each has one element with action_id `value`. */
export const FIELD_BLOCKS = [
  'kinds',
  'cadence',
  'weekday',
  'time',
  'zone',
  'lang',
  'parties',
  'areas',
  'channel',
] as const;
export type FieldBlock = (typeof FIELD_BLOCKS)[number];
export const VALUE_ACTION = 'value';

/** Where the form was opened from and what it edits; carried in `private_metadata`. */
export interface ModalMetadata {
  /** The channel the form was opened from (the channel select's default). */
  channel?: string;
  /** When editing: the subscription's kind (its channel is `channel`). */
  kind?: SubscriptionKind;
  /** The language the form is in (its errors answer in it too). */
  lang?: Lang;
}

/** What the form starts with. */
export interface ModalInitial {
  kinds: SubscriptionKind[];
  cadence: Cadence;
  weekday: Weekday;
  time: string;
  zone: string;
  lang: Lang;
  parties: string[];
  areas: number[];
}

/** A channel id as Slack writes them (public C…, private G…, direct D…). */
export const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

type PlainText = { type: 'plain_text'; text: string; emoji: true };
type Option = { text: PlainText; value: string };
export type ModalBlock = Record<string, unknown> & { type: string; block_id?: string };
export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  private_metadata: string;
  blocks: ModalBlock[];
}

/** Caps `text` at `max` characters (code points), ending with "…" when cut. */
export function capText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: capText(text, max), emoji: true });
const option = (text: string, value: string): Option => ({
  text: plain(text, MODAL_LIMITS.optionText),
  value: value.slice(0, MODAL_LIMITS.optionValue),
});

/* ------------------------------------------------------------------ time zones */

/**
 * The zones offered, by region (Slack lets the reader type to filter a select). The asker's own
 * zone and the subscription's are added under "Yours" when not listed: never more than 100.
 */
export const ZONE_GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    'asean',
    [
      'Asia/Shanghai',
      'Asia/Hong_Kong',
      'Asia/Macau',
      'Asia/Brunei',
      'Asia/Phnom_Penh',
      'Asia/Jakarta',
      'Asia/Makassar',
      'Asia/Jayapura',
      'Asia/Vientiane',
      'Asia/Kuala_Lumpur',
      'Asia/Kuching',
      'Asia/Yangon',
      'Asia/Manila',
      'Asia/Singapore',
      'Asia/Bangkok',
      'Asia/Ho_Chi_Minh',
      'Asia/Dili',
    ],
  ],
  [
    'asia',
    [
      'Asia/Tokyo',
      'Asia/Seoul',
      'Asia/Taipei',
      'Asia/Ulaanbaatar',
      'Asia/Kolkata',
      'Asia/Colombo',
      'Asia/Kathmandu',
      'Asia/Dhaka',
      'Asia/Karachi',
      'Asia/Tashkent',
      'Asia/Almaty',
      'Asia/Dubai',
      'Asia/Riyadh',
      'Asia/Tehran',
      'Asia/Jerusalem',
    ],
  ],
  [
    'oceania',
    [
      'Australia/Perth',
      'Australia/Darwin',
      'Australia/Adelaide',
      'Australia/Brisbane',
      'Australia/Sydney',
      'Australia/Melbourne',
      'Pacific/Port_Moresby',
      'Pacific/Guam',
      'Pacific/Auckland',
      'Pacific/Fiji',
      'Pacific/Honolulu',
    ],
  ],
  [
    'europe',
    [
      'Europe/London',
      'Europe/Dublin',
      'Europe/Lisbon',
      'Europe/Paris',
      'Europe/Brussels',
      'Europe/Amsterdam',
      'Europe/Berlin',
      'Europe/Zurich',
      'Europe/Madrid',
      'Europe/Rome',
      'Europe/Stockholm',
      'Europe/Warsaw',
      'Europe/Athens',
      'Europe/Helsinki',
      'Europe/Istanbul',
      'Europe/Moscow',
      'Africa/Casablanca',
      'Africa/Lagos',
      'Africa/Cairo',
      'Africa/Nairobi',
      'Africa/Johannesburg',
    ],
  ],
  [
    'americas',
    [
      'America/New_York',
      'America/Toronto',
      'America/Halifax',
      'America/Chicago',
      'America/Mexico_City',
      'America/Denver',
      'America/Phoenix',
      'America/Los_Angeles',
      'America/Vancouver',
      'America/Anchorage',
      'America/Bogota',
      'America/Lima',
      'America/Santiago',
      'America/Sao_Paulo',
      'America/Argentina/Buenos_Aires',
    ],
  ],
  ['utc', ['UTC']],
];

const zoneOption = (zone: string): Option => option(zone.replace(/_/g, ' '), zone);

/** The zone select's groups: the listed ones, with `extra` zones (not listed) first under "Yours". */
export function zoneOptionGroups(tx: Texts, extra: string[]): Array<{ label: PlainText; options: Option[] }> {
  const listed = new Set(ZONE_GROUPS.flatMap(([, zones]) => zones));
  const yours = [...new Set(extra)].filter((z) => z && !listed.has(z)).slice(0, MODAL_LIMITS.options - listed.size);
  const groups: ReadonlyArray<readonly [string, readonly string[]]> = [
    ...(yours.length > 0 ? [['yours', yours] as const] : []),
    ...ZONE_GROUPS,
  ];
  return groups.map(([group, zones]) => ({
    label: plain(tx.t('slackForm.zoneGroup', { group }), MODAL_LIMITS.optionText),
    options: zones.map(zoneOption),
  }));
}

/* ------------------------------------------------------------------ the view */

const input = (
  id: FieldBlock,
  label: string,
  element: Record<string, unknown>,
  opts: { optional?: boolean; hint?: string } = {},
): ModalBlock => ({
  type: 'input',
  block_id: id,
  label: plain(label, MODAL_LIMITS.label),
  element: { ...element, action_id: VALUE_ACTION },
  ...(opts.optional ? { optional: true } : {}),
  ...(opts.hint ? { hint: plain(opts.hint, MODAL_LIMITS.hint) } : {}),
});

/** The modal in `tx`'s language, filled with `initial`; `meta` rides along in private_metadata. */
export function buildSubscriptionModal(
  tx: Texts,
  data: TreatyData,
  initial: ModalInitial,
  meta: ModalMetadata,
): ModalView {
  const kindOptions = SUBSCRIPTION_KINDS.map((kind) => option(tx.t('slackForm.kindOption', { kind }), kind));
  const cadenceOptions = (['weekly', 'daily'] as const).map((cadence) =>
    option(tx.t('slackForm.cadenceOption', { cadence }), cadence),
  );
  const weekdayOptions = [1, 2, 3, 4, 5, 6, 7].map((n) => option(tx.weekday(n, 'long'), String(n)));
  const langOptions = LANGS.map((l) => option(tx.langName(l), l));
  const partyOptions = partyChoices(data).map((p) => option(`${p.name} (${p.code.toUpperCase()})`, p.code));
  const areaOptions = data.areas.map((a) =>
    option(tx.t('area.listed', { number: a.number, name: a.name }), String(a.number)),
  );
  const zoneGroups = zoneOptionGroups(tx, [initial.zone]);
  const zoneInitial = zoneGroups.flatMap((g) => g.options).find((o) => o.value === initial.zone);
  const chosen = <T extends Option>(options: T[], values: string[]): T[] =>
    options.filter((o) => values.includes(o.value));
  const channel = meta.channel && SLACK_CHANNEL_ID.test(meta.channel) ? meta.channel : undefined;
  const partiesChosen = chosen(partyOptions, initial.parties);
  const areasChosen = chosen(
    areaOptions,
    initial.areas.map((a) => String(a)),
  );

  const blocks: ModalBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: capText(tx.t('slackForm.intro'), MODAL_LIMITS.sectionText), verbatim: true },
    },
    input('kinds', tx.t('slackForm.kinds'), {
      type: 'checkboxes',
      options: kindOptions,
      ...(initial.kinds.length > 0 ? { initial_options: chosen(kindOptions, initial.kinds) } : {}),
    }),
    input('cadence', tx.t('slackForm.cadence'), {
      type: 'radio_buttons',
      options: cadenceOptions,
      initial_option: cadenceOptions.find((o) => o.value === initial.cadence) ?? cadenceOptions[0],
    }),
    input('weekday', tx.t('slackForm.weekday'), {
      type: 'static_select',
      options: weekdayOptions,
      initial_option: weekdayOptions[initial.weekday - 1] ?? weekdayOptions[0],
    }),
    input('time', tx.t('slackForm.time'), { type: 'timepicker', initial_time: initial.time }),
    input('zone', tx.t('slackForm.zone'), {
      type: 'static_select',
      placeholder: plain(tx.t('slackForm.zonePlaceholder'), MODAL_LIMITS.placeholder),
      option_groups: zoneGroups,
      ...(zoneInitial ? { initial_option: zoneInitial } : {}),
    }),
    input('lang', tx.t('slackForm.lang'), {
      type: 'static_select',
      options: langOptions,
      initial_option: langOptions.find((o) => o.value === initial.lang) ?? langOptions[0],
    }),
    input(
      'parties',
      tx.t('slackForm.parties'),
      {
        type: 'multi_static_select',
        placeholder: plain(tx.t('slackForm.partiesPlaceholder'), MODAL_LIMITS.placeholder),
        options: partyOptions,
        ...(partiesChosen.length > 0 ? { initial_options: partiesChosen } : {}),
      },
      { optional: true, hint: tx.t('slackForm.partiesHint') },
    ),
    input(
      'areas',
      tx.t('slackForm.areas'),
      {
        type: 'multi_static_select',
        placeholder: plain(tx.t('slackForm.areasPlaceholder'), MODAL_LIMITS.placeholder),
        options: areaOptions,
        ...(areasChosen.length > 0 ? { initial_options: areasChosen } : {}),
      },
      { optional: true, hint: tx.t('slackForm.areasHint') },
    ),
    input(
      'channel',
      tx.t('slackForm.channel'),
      {
        type: 'conversations_select',
        default_to_current_conversation: true,
        ...(channel ? { initial_conversation: channel } : {}),
      },
      { hint: tx.t('slackForm.channelHint') },
    ),
  ];
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    title: plain(tx.t('slackForm.title', { edit: meta.kind ? 'yes' : 'no' }), MODAL_LIMITS.title),
    submit: plain(tx.t('slackForm.submit'), MODAL_LIMITS.button),
    close: plain(tx.t('slackForm.close'), MODAL_LIMITS.button),
    private_metadata: writeMetadata({ ...meta, channel }),
    blocks,
  };
}

/** What the form starts with for a subscription being edited. */
export const initialFromSubscription = (s: Subscription): ModalInitial => ({
  kinds: [s.kind],
  cadence: s.cadence,
  weekday: s.weekday,
  time: s.time,
  zone: s.zone,
  lang: resolveLang(s.lang) ?? 'en',
  parties: s.filters.parties,
  areas: s.filters.areas,
});

/* ------------------------------------------------------------------ reading a submission */

export function writeMetadata(meta: ModalMetadata): string {
  const out: Record<string, string> = {};
  if (meta.channel) out.c = meta.channel;
  if (meta.kind) out.k = meta.kind;
  if (meta.lang) out.l = meta.lang;
  return JSON.stringify(out);
}

/** private_metadata as we wrote it; anything else (tampered, malformed, oversized) reads as nothing. */
export function readMetadata(raw: unknown): ModalMetadata {
  if (typeof raw !== 'string' || raw.length > MODAL_LIMITS.privateMetadata) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const { c, k, l } = parsed as Record<string, unknown>;
  const meta: ModalMetadata = {};
  if (typeof c === 'string' && SLACK_CHANNEL_ID.test(c)) meta.channel = c;
  if (typeof k === 'string' && (SUBSCRIPTION_KINDS as readonly string[]).includes(k)) meta.kind = k as SubscriptionKind;
  if (typeof l === 'string' && (LANGS as readonly string[]).includes(l)) meta.lang = l;
  return meta;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** One element's state: `state.values[block][value]`. */
const stateOf = (values: unknown, block: FieldBlock): Record<string, unknown> =>
  record(record(record(values)[block])[VALUE_ACTION]);

const selectedValue = (s: Record<string, unknown>): unknown => {
  const o = s.selected_option;
  return o === null ? undefined : o === undefined ? undefined : (record(o).value ?? '?');
};
const selectedValues = (s: Record<string, unknown>): unknown => {
  const list = s.selected_options;
  if (list === undefined || list === null) return undefined;
  return Array.isArray(list) ? list.map((o) => record(o).value) : '?';
};

/** A submission's values as the core's form reader takes them, and the chosen channel. Untrusted. */
export function readSubmission(values: unknown): { raw: RawEdit; channel: string | undefined; channelGiven: boolean } {
  const cadence = selectedValue(stateOf(values, 'cadence'));
  const raw: RawEdit = {
    kinds: selectedValues(stateOf(values, 'kinds')) ?? [],
    cadence,
    // The day means something only for a weekly digest.
    weekday: cadence === 'daily' ? undefined : selectedValue(stateOf(values, 'weekday')),
    time: stateOf(values, 'time').selected_time ?? undefined,
    zone: selectedValue(stateOf(values, 'zone')),
    lang: selectedValue(stateOf(values, 'lang')),
    // An optional multi-select left empty means "all": an empty list, not "keep".
    parties: selectedValues(stateOf(values, 'parties')) ?? [],
    areas: selectedValues(stateOf(values, 'areas')) ?? [],
  };
  const conversation = stateOf(values, 'channel').selected_conversation;
  const channel = typeof conversation === 'string' && SLACK_CHANNEL_ID.test(conversation) ? conversation : undefined;
  return { raw, channel, channelGiven: conversation !== undefined && conversation !== null };
}

/**
 * An error shown under a field quotes what was submitted: `<` and `>` become lookalikes and
 * broadcast words are broken, so a hostile value can never read as a mention or a link.
 */
const inert = (text: string): string =>
  text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');

/** The core's field errors as Slack's `response_action: "errors"` map (block id → message). */
export function modalErrors(tx: Texts, errors: FieldError[], channelMissing: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const block: FieldBlock = e.field;
    out[block] ??= capText(inert(fieldErrorText(tx, e)), MODAL_LIMITS.errorText);
  }
  if (channelMissing) out.channel = capText(tx.t('slackForm.channelMissing'), MODAL_LIMITS.errorText);
  return out;
}

/** An Edit/Delete button's value: `<channel id>:<kind>`, read back strictly. */
export const subscriptionRef = (s: Pick<Subscription, 'channel' | 'kind'>): string => `${s.channel}:${s.kind}`;
export function readSubscriptionRef(value: unknown): { channel: string; kind: SubscriptionKind } | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const [channel, kind, ...rest] = value.split(':');
  if (rest.length > 0 || !SLACK_CHANNEL_ID.test(channel ?? '')) return null;
  if (!(SUBSCRIPTION_KINDS as readonly string[]).includes(kind ?? '')) return null;
  return { channel, kind: kind as SubscriptionKind };
}
