/**
 * Teams forms for subscriptions, as Adaptive Cards 1.5: the subscribe form (bare `subscribe`, and
 * "Edit" prefilled from a stored subscription), Edit/Delete buttons under `subscriptions` (Delete
 * asks for confirmation in an Action.ShowCard), and reading a submitted form (`activity.value`)
 * into what the core's `applySubscriptionEdit` needs. Pure: no I/O, no SDK.
 *
 * A submit carries `caftaForm` (`save`, `edit`, `delete`), `ui` (the language the form was shown
 * in) and for an edit or delete the `kind`; a save also carries the inputs, which Teams merges in.
 */
import type { Subscription, SubscriptionKind } from '../../src/delivery/model';
import { SUBSCRIPTION_KINDS } from '../../src/delivery/model';
import {
  fieldErrorText,
  partyChoices,
  settingsOf,
  zoneChoices,
  type FieldError,
  type SubscriptionSettings,
} from '../../src/commands/subscription-edit';
import { subscriptionKindLabel } from '../../src/commands/subscription-text';
import { isLang, LANGS, type Lang } from '../../src/text/i18n';
import type { Texts } from '../../src/text/texts';
import type { TreatyData } from '../../src/treaty/model';
import { CARD_VERSION, escapeCardText, type AdaptiveCard, type CardElement } from './adaptive-card';

/** A card with card-level actions (the form's Save). */
export type FormCard = AdaptiveCard & { actions?: CardElement[] };

export type FormSubmit =
  | { form: 'save'; ui?: Lang; values: Record<string, unknown> }
  | { form: 'edit'; ui?: Lang; kind: SubscriptionKind }
  | { form: 'delete'; ui?: Lang; kind: SubscriptionKind }
  | { form: 'invalid'; ui?: Lang };

/** Longest submit worth reading: the form's own values are far smaller. */
const MAX_VALUE_KEYS = 40;

/** What a card's submit asks for, or null when the activity is no form submit (typed text, a command button). */
export function readFormSubmit(value: unknown): FormSubmit | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!('caftaForm' in v)) return null;
  const ui = typeof v.ui === 'string' && isLang(v.ui) ? v.ui : undefined;
  if (Object.keys(v).length > MAX_VALUE_KEYS) return { form: 'invalid', ui };
  if (v.caftaForm === 'save') return { form: 'save', ui, values: v };
  if ((v.caftaForm === 'edit' || v.caftaForm === 'delete') && SUBSCRIPTION_KINDS.includes(v.kind as SubscriptionKind))
    return v.caftaForm === 'edit'
      ? { form: 'edit', ui, kind: v.kind as SubscriptionKind }
      : { form: 'delete', ui, kind: v.kind as SubscriptionKind };
  return { form: 'invalid', ui };
}

/** What the form shows: a new subscription (kinds to choose) or one kind's stored settings. */
export interface FormState {
  /** Set when editing one stored subscription. */
  kind?: SubscriptionKind;
  /** For a new subscription: the kinds ticked. */
  kinds: SubscriptionKind[];
  settings: SubscriptionSettings;
  /** Problems of the last submit, shown next to their inputs. */
  errors?: FieldError[];
}

const choice = (title: string, value: string): CardElement => ({ title, value });

/** The subscribe form (`tx`: the reader's language; `data` in it). */
export function subscriptionFormCard(
  tx: Texts,
  data: TreatyData,
  state: FormState,
  place: 'chat' | 'channel',
): FormCard {
  const { settings } = state;
  const errors = state.errors ?? [];
  const body: CardElement[] = [];
  const errorAfter = (field: FieldError['field']): CardElement[] =>
    errors
      .filter((e) => e.field === field)
      .map((e) => ({
        type: 'TextBlock',
        text: escapeCardText(fieldErrorText(tx, e)),
        wrap: true,
        color: 'Attention',
        size: 'Small',
        spacing: 'None',
      }));
  const title = state.kind
    ? tx.t('form.editTitle', { kind: subscriptionKindLabel(tx, state.kind, settings.cadence, true) })
    : tx.t('form.newTitle', { place });
  body.push({
    type: 'TextBlock',
    text: escapeCardText(title),
    wrap: true,
    size: 'Large',
    weight: 'Bolder',
    style: 'heading',
  });
  body.push({ type: 'TextBlock', text: escapeCardText(tx.t('form.intro')), wrap: true, isSubtle: true });
  if (errors.length > 0)
    body.push({ type: 'TextBlock', text: escapeCardText(tx.t('form.fix')), wrap: true, color: 'Attention' });

  // Which inputs: a new subscription shows all; an edit only what its kind uses.
  const fields = state.kind ? settingsOf(state.kind, 'weekly') : settingsOf('digest', 'weekly');
  if (!state.kind) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'kinds',
      label: tx.t('form.kinds'),
      isMultiSelect: true,
      style: 'expanded',
      isRequired: true,
      errorMessage: tx.t('edit.fieldError', { field: 'kinds', text: '' }),
      value: state.kinds.join(','),
      choices: SUBSCRIPTION_KINDS.map((k) => choice(subscriptionKindLabel(tx, k, 'weekly'), k)),
    });
    body.push(...errorAfter('kinds'));
  }
  if (fields.includes('cadence')) {
    body.push({
      type: 'Input.Toggle',
      id: 'cadence',
      title: tx.t('form.daily'),
      label: tx.t('form.cadence'),
      valueOn: 'daily',
      valueOff: 'weekly',
      value: settings.cadence,
    });
    body.push(...errorAfter('cadence'));
    body.push({
      type: 'Input.ChoiceSet',
      id: 'weekday',
      label: tx.t('form.weekday'),
      style: 'compact',
      value: String(settings.weekday),
      choices: [1, 2, 3, 4, 5, 6, 7].map((d) => choice(tx.weekday(d, 'long'), String(d))),
    });
    body.push(...errorAfter('weekday'));
  }
  if (fields.includes('time')) {
    body.push({ type: 'Input.Time', id: 'time', label: tx.t('form.time'), value: settings.time });
    body.push(...errorAfter('time'));
    body.push({
      type: 'Input.ChoiceSet',
      id: 'zone',
      label: tx.t('form.zone'),
      style: 'compact',
      value: settings.zone,
      choices: zoneChoices(settings.zone).map((z) => choice(z, z)),
    });
    body.push(...errorAfter('zone'));
  }
  body.push({
    type: 'Input.ChoiceSet',
    id: 'lang',
    label: tx.t('form.lang'),
    style: 'compact',
    value: settings.lang,
    choices: LANGS.map((l) => choice(tx.langName(l), l)),
  });
  body.push(...errorAfter('lang'));
  body.push({
    type: 'Input.ChoiceSet',
    id: 'parties',
    label: tx.t('form.parties'),
    isMultiSelect: true,
    style: 'compact',
    value: settings.filters.parties.join(','),
    choices: partyChoices(data).map((p) => choice(p.name, p.code)),
  });
  body.push(...errorAfter('parties'));
  if (fields.includes('areas')) {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'areas',
      label: tx.t('form.areas'),
      isMultiSelect: true,
      style: 'compact',
      value: settings.filters.areas.join(','),
      choices: data.areas.map((a) => choice(`${a.number}. ${a.name}`, String(a.number))),
    });
    body.push(...errorAfter('areas'));
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    actions: [
      {
        type: 'Action.Submit',
        title: tx.t('form.save'),
        style: 'positive',
        data: { caftaForm: 'save', ui: tx.lang, ...(state.kind ? { kind: state.kind } : {}) },
      },
    ],
    fallbackText: title,
  };
}

/**
 * Edit and Delete for each subscription, appended under the `subscriptions` card. Delete opens a
 * confirmation (Action.ShowCard) whose button stops that one kind.
 */
export function manageActions(tx: Texts, subs: readonly Subscription[], place: 'chat' | 'channel'): CardElement[] {
  // In the order `subscriptions` lists them.
  const inOrder = [...subs].sort((a, b) => SUBSCRIPTION_KINDS.indexOf(a.kind) - SUBSCRIPTION_KINDS.indexOf(b.kind));
  return inOrder.map((s) => {
    const kind = subscriptionKindLabel(tx, s.kind, s.cadence, true);
    return {
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Submit',
          title: tx.t('form.edit', { kind }),
          data: { caftaForm: 'edit', kind: s.kind, ui: tx.lang },
        },
        {
          type: 'Action.ShowCard',
          title: tx.t('form.delete', { kind }),
          card: {
            type: 'AdaptiveCard',
            body: [
              { type: 'TextBlock', text: escapeCardText(tx.t('form.confirmDelete', { kind, place })), wrap: true },
            ],
            actions: [
              {
                type: 'Action.Submit',
                title: tx.t('form.confirm', { kind }),
                style: 'destructive',
                data: { caftaForm: 'delete', kind: s.kind, ui: tx.lang },
              },
            ],
          },
        },
      ],
    };
  });
}

/** A card answer as a Teams message, like toTeamsMessage's. */
export function formMessage(card: FormCard, summary: string) {
  return {
    type: 'message' as const,
    summary: Array.from(summary).slice(0, 200).join(''),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
