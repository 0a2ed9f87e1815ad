/**
 * The one way a subscription is created or changed, shared by the grammar (`subscribe …`), the
 * Teams form and the Slack modal: `applySubscriptionEdit` creates a subscription from defaults, or
 * changes only the fields an edit gives on an existing one, and says what changed and what stayed.
 * `validateSubscriptionEdit` turns a form's raw values into an edit, with one error per field so a
 * form can show each next to its input. SDK-free.
 */
import type {
  Cadence,
  ChannelAddress,
  Subscription,
  SubscriptionFilters,
  SubscriptionKind,
  Weekday,
} from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { DELIVERY_HANDLERS } from '../delivery/handlers';
import { isValidZone, type ScheduleSpec } from '../delivery/schedule';
import { isCaftaError } from '../infra/errors';
import type { Store } from '../store/store';
import { LANGS, type Lang } from '../text/i18n';
import type { Texts } from '../text/texts';
import { quoteUserText } from '../text/message';
import type { TreatyData } from '../treaty/model';
import { parseTimeOfDay, timeProblemText } from './parse-time';

/** Everything a subscription's owner can set. */
export interface SubscriptionSettings {
  cadence: Cadence;
  weekday: Weekday;
  /** Local `HH:MM`. */
  time: string;
  /** IANA zone. */
  zone: string;
  lang: Lang;
  filters: SubscriptionFilters;
}

/** Some settings: only these change. `filters.parties` and `filters.areas` change independently. */
export type SubscriptionEdit = Partial<Omit<SubscriptionSettings, 'filters'>> & {
  filters?: Partial<SubscriptionFilters>;
};

/** A setting as the answer names it (filters as two: parties and areas). */
export type SettingField = 'cadence' | 'weekday' | 'time' | 'zone' | 'lang' | 'parties' | 'areas';

/** The settings that mean something for a kind, in the order answers list them. */
export function settingsOf(kind: SubscriptionKind, cadence: Cadence): SettingField[] {
  switch (kind) {
    case 'digest':
      return cadence === 'weekly'
        ? ['cadence', 'weekday', 'time', 'zone', 'lang', 'parties', 'areas']
        : ['cadence', 'time', 'zone', 'lang', 'parties', 'areas'];
    case 'reminders':
      return ['time', 'zone', 'lang', 'parties'];
    case 'alerts':
      return ['lang', 'parties'];
  }
}

/** Where, and by whom. */
export interface EditTarget {
  channel: ChannelAddress;
  user?: string | null;
}

export interface EditDeps {
  store: Store;
  data: () => TreatyData;
}

/** One subscription after an edit. */
export interface EditResult {
  kind: SubscriptionKind;
  subscription: Subscription;
  /** The subscription before the edit; null when it was created. */
  before: Subscription | null;
  /** Settings the edit changed (for a new subscription: every setting of its kind). */
  changed: SettingField[];
  /** Settings of its kind that stayed as they were. */
  kept: SettingField[];
}

/** A field a form (or the grammar) got wrong, with the offending value as typed. */
export interface FieldError {
  field: 'kinds' | 'cadence' | 'weekday' | 'time' | 'zone' | 'lang' | 'parties' | 'areas';
  /** The value as given (untrusted: quote it with `quoteUserText`). */
  value: string;
  /** For `time`: why, worded by `timeProblemText`. */
  detail?: ReturnType<typeof parseTimeOfDay>;
}

export type EditOutcome = { ok: true; results: EditResult[] } | { ok: false; errors: FieldError[] };

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Party codes in data order, lower case; area numbers ascending; no duplicates. */
export function normalizeFilters(data: TreatyData, f: SubscriptionFilters): SubscriptionFilters {
  const wanted = new Set(f.parties.map((p) => p.toLowerCase()));
  return {
    parties: data.parties.map((p) => p.code.toLowerCase()).filter((c) => wanted.has(c)),
    areas: [...new Set(f.areas)].sort((a, b) => a - b),
  };
}

/** The settings after `edit`, over `base`. A day given without a cadence means weekly. */
function merge(data: TreatyData, base: SubscriptionSettings, edit: SubscriptionEdit): SubscriptionSettings {
  const cadence = edit.cadence ?? (edit.weekday !== undefined ? 'weekly' : base.cadence);
  return {
    cadence,
    weekday: edit.weekday ?? base.weekday,
    time: edit.time ?? base.time,
    zone: edit.zone ?? base.zone,
    lang: edit.lang ?? base.lang,
    filters: normalizeFilters(data, {
      parties: edit.filters?.parties ?? base.filters.parties,
      areas: edit.filters?.areas ?? base.filters.areas,
    }),
  };
}

const differs = (a: SubscriptionSettings, b: SubscriptionSettings, f: SettingField): boolean =>
  f === 'parties'
    ? !sameList(a.filters.parties, b.filters.parties)
    : f === 'areas'
      ? !sameList(a.filters.areas, b.filters.areas)
      : a[f] !== b[f];

/** A stored subscription's settings. */
export const settingsOfSubscription = (s: Subscription): SubscriptionSettings => ({
  cadence: s.cadence,
  weekday: s.weekday,
  time: s.time,
  zone: s.zone,
  lang: s.lang,
  filters: s.filters,
});

const SCHEDULE_FIELDS: readonly SettingField[] = ['cadence', 'weekday', 'time', 'zone'];

/**
 * Creates (from `defaults` with `edit` over them) or changes (only the fields `edit` gives) the
 * subscriptions of `kinds` in `target.channel`. Every schedule is computed before anything is
 * written: an edit that fails leaves every subscription as it was. A paused subscription is
 * resumed. Invalid values (a zone or time no parser should have let through, an unknown party or
 * area) come back as field errors.
 */
export async function applySubscriptionEdit(
  deps: EditDeps,
  target: EditTarget,
  kinds: readonly SubscriptionKind[],
  edit: SubscriptionEdit,
  defaults: SubscriptionSettings,
  now: Date,
): Promise<EditOutcome> {
  const data = deps.data();
  const errors = checkEdit(data, edit);
  if (errors.length > 0) return { ok: false, errors };
  const key = {
    platform: target.channel.platform,
    workspace: target.channel.workspace,
    channel: target.channel.channel,
  };
  const existing = new Map((await deps.store.listSubscriptions(key)).map((s) => [s.kind, s]));

  const plans: Array<{
    kind: SubscriptionKind;
    before: Subscription | null;
    after: SubscriptionSettings;
    nextDueAt: Date | null;
  }> = [];
  for (const kind of SUBSCRIPTION_KINDS.filter((k) => kinds.includes(k))) {
    const before = existing.get(kind) ?? null;
    const after = merge(data, before ? settingsOfSubscription(before) : defaults, edit);
    const spec: ScheduleSpec = { cadence: after.cadence, weekday: after.weekday, time: after.time, zone: after.zone };
    // Alerts have no schedule: a pending alert (due since the data changed) must stay due.
    const rescheduled =
      !before ||
      before.status === 'paused' ||
      (kind !== 'alerts' && SCHEDULE_FIELDS.some((f) => differs(settingsOfSubscription(before), after, f))) ||
      // Reminders cover the chosen parties' own dates: a new choice means a new next date.
      (kind === 'reminders' && differs(settingsOfSubscription(before), after, 'parties'));
    let nextDueAt = before?.nextDueAt ?? null;
    if (rescheduled) {
      try {
        nextDueAt = DELIVERY_HANDLERS[kind].firstDueAt(spec, now, data, after.filters);
      } catch (err) {
        if (isCaftaError(err) && err.code === 'bad_request') return { ok: false, errors: scheduleErrors(spec) };
        throw err;
      }
    }
    plans.push({ kind, before, after, nextDueAt });
  }

  await deps.store.saveChannel(target.channel, now);
  const results: EditResult[] = [];
  for (const { kind, before, after, nextDueAt } of plans) {
    const subscription = await deps.store.upsertSubscription(
      {
        ...target.channel,
        kind,
        cadence: after.cadence,
        weekday: after.weekday,
        time: after.time,
        zone: after.zone,
        nextDueAt,
        createdBy: target.user ?? null,
        state: DELIVERY_HANDLERS[kind].initialState(data),
        lang: after.lang,
        filters: after.filters,
      },
      now,
    );
    const relevant = settingsOf(kind, after.cadence);
    const changed = before ? relevant.filter((f) => differs(settingsOfSubscription(before), after, f)) : relevant;
    results.push({ kind, subscription, before, changed, kept: relevant.filter((f) => !changed.includes(f)) });
  }
  return { ok: true, results };
}

/** Values an edit may not carry (the grammar and `validateSubscriptionEdit` already rule them out). */
function checkEdit(data: TreatyData, edit: SubscriptionEdit): FieldError[] {
  const errors: FieldError[] = [];
  if (edit.zone !== undefined && !isValidZone(edit.zone)) errors.push({ field: 'zone', value: edit.zone });
  if (edit.time !== undefined) {
    const t = parseTimeOfDay(edit.time);
    if (!t.ok || t.time !== edit.time) errors.push({ field: 'time', value: edit.time, detail: t });
  }
  if (edit.lang !== undefined && !LANGS.includes(edit.lang)) errors.push({ field: 'lang', value: edit.lang });
  const codes = new Set(partyChoices(data).map((p) => p.code));
  const badParty = edit.filters?.parties?.find((p) => !codes.has(p.toLowerCase()));
  if (badParty !== undefined) errors.push({ field: 'parties', value: badParty });
  const numbers = new Set(data.areas.map((a) => a.number));
  const badArea = edit.filters?.areas?.find((a) => !numbers.has(a));
  if (badArea !== undefined) errors.push({ field: 'areas', value: String(badArea) });
  return errors;
}

function scheduleErrors(spec: ScheduleSpec): FieldError[] {
  const t = parseTimeOfDay(spec.time);
  return t.ok ? [{ field: 'zone', value: spec.zone }] : [{ field: 'time', value: spec.time, detail: t }];
}

/** Parties a subscription can be narrowed to (the treaty's parties, not Timor-Leste): lower-case codes. */
export const partyChoices = (data: TreatyData): Array<{ code: string; name: string }> =>
  data.parties.filter((p) => p.role === 'party').map((p) => ({ code: p.code.toLowerCase(), name: p.shortName }));

/* ------------------------------------------------------------------ forms */

/**
 * Zones a form offers: the parties' own, then major ones elsewhere, UTC last; `current` (the
 * asker's or the subscription's zone) first when it is not among them.
 */
const FORM_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Brunei',
  'Asia/Phnom_Penh',
  'Asia/Jakarta',
  'Asia/Makassar',
  'Asia/Jayapura',
  'Asia/Vientiane',
  'Asia/Kuala_Lumpur',
  'Asia/Yangon',
  'Asia/Manila',
  'Asia/Singapore',
  'Asia/Bangkok',
  'Asia/Ho_Chi_Minh',
  'Asia/Dili',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Taipei',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Australia/Sydney',
  'Australia/Perth',
  'Pacific/Auckland',
  'Europe/London',
  'Europe/Brussels',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Zurich',
  'Africa/Johannesburg',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'UTC',
];

export const zoneChoices = (current?: string): string[] =>
  current && !FORM_ZONES.includes(current) && isValidZone(current) ? [current, ...FORM_ZONES] : [...FORM_ZONES];

/** A form's raw values, as a platform hands them back (strings, or lists of strings). Untrusted. */
export interface RawEdit {
  kinds?: unknown;
  cadence?: unknown;
  weekday?: unknown;
  time?: unknown;
  zone?: unknown;
  lang?: unknown;
  parties?: unknown;
  areas?: unknown;
}

/** A form's edit: which kinds, and what to set. */
export interface FormEdit {
  kinds: SubscriptionKind[];
  edit: SubscriptionEdit;
}

/** Longest value read from a form field; anything longer is not a value of ours. */
const MAX_FIELD = 200;

/** A list from a form: an array, or one comma-separated string (Adaptive Cards' multi-select). */
function listOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
  if (typeof v === 'string')
    return v
      .slice(0, MAX_FIELD * 4)
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return ['?'];
}

const oneOf = (v: unknown): string | undefined =>
  v === undefined || v === null || v === ''
    ? undefined
    : typeof v === 'string'
      ? v.trim().slice(0, MAX_FIELD)
      : typeof v === 'number'
        ? String(v)
        : '?';

/**
 * Reads a form: every field is optional (absent: keep it) except the kinds, which must name at
 * least one. Each bad field gives one `FieldError`; nothing is guessed.
 */
export function validateSubscriptionEdit(
  data: TreatyData,
  raw: RawEdit,
): { ok: true; form: FormEdit } | { ok: false; errors: FieldError[]; form: FormEdit } {
  const errors: FieldError[] = [];
  const edit: SubscriptionEdit = {};
  const kindList = listOf(raw.kinds) ?? [];
  const kinds = SUBSCRIPTION_KINDS.filter((k) => kindList.includes(k));
  if (kinds.length === 0 || kinds.length !== new Set(kindList).size)
    errors.push({ field: 'kinds', value: kindList.join(', ') });
  const cadence = oneOf(raw.cadence);
  if (cadence === 'daily' || cadence === 'weekly') edit.cadence = cadence;
  else if (cadence !== undefined) errors.push({ field: 'cadence', value: cadence });
  const weekday = oneOf(raw.weekday);
  if (weekday !== undefined) {
    const n = Number(weekday);
    if (/^[1-7]$/.test(weekday)) edit.weekday = n as Weekday;
    else errors.push({ field: 'weekday', value: weekday });
  }
  const time = oneOf(raw.time);
  if (time !== undefined) {
    const t = parseTimeOfDay(time);
    if (t.ok) edit.time = t.time;
    else errors.push({ field: 'time', value: time, detail: t });
  }
  const zone = oneOf(raw.zone);
  if (zone !== undefined) {
    if (isValidZone(zone)) edit.zone = zone;
    else errors.push({ field: 'zone', value: zone });
  }
  const lang = oneOf(raw.lang);
  if (lang !== undefined) {
    if (LANGS.includes(lang)) edit.lang = lang;
    else errors.push({ field: 'lang', value: lang });
  }
  const parties = listOf(raw.parties);
  if (parties !== undefined) {
    const codes = new Set(partyChoices(data).map((p) => p.code));
    const bad = parties.find((p) => !codes.has(p.toLowerCase()));
    if (bad !== undefined) errors.push({ field: 'parties', value: bad });
    else edit.filters = { ...edit.filters, parties: parties.map((p) => p.toLowerCase()) };
  }
  const areas = listOf(raw.areas);
  if (areas !== undefined) {
    const numbers = new Set(data.areas.map((a) => String(a.number)));
    const bad = areas.find((a) => !numbers.has(a));
    if (bad !== undefined) errors.push({ field: 'areas', value: bad });
    else edit.filters = { ...edit.filters, areas: areas.map(Number) };
  }
  // On errors, `form` holds the fields that were fine (a form shows them again as given).
  return errors.length > 0 ? { ok: false, errors, form: { kinds, edit } } : { ok: true, form: { kinds, edit } };
}

/** One field error in the reader's language, quoting the value safely. */
export function fieldErrorText(tx: Texts, e: FieldError): string {
  const text = tx.t('common.quoted', { text: quoteUserText(e.value, 40) });
  if (e.field === 'time' && e.detail && !e.detail.ok) return timeProblemText(tx, e.value, e.detail);
  return tx.t('edit.fieldError', { field: e.field, text });
}
