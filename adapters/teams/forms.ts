/**
 * What the Teams bot does with subscription forms: shows the subscribe form (bare `subscribe`, or
 * Edit), saves a submitted form through the core (`validateSubscriptionEdit`, then
 * `applySubscriptionEdit`, answered like a typed `subscribe`), stops a kind after Delete was
 * confirmed, and adds Edit/Delete under `subscriptions`. A submit with missing, stale or hostile
 * values gets the form back with the problems next to their inputs, or a plain answer: never an
 * error.
 */
import { receive } from '../../src/commands/receive';
import {
  applySubscriptionEdit,
  settingsOfSubscription,
  validateSubscriptionEdit,
  type FieldError,
  type FormEdit,
  type SubscriptionSettings,
} from '../../src/commands/subscription-edit';
import { editAnswer } from '../../src/commands/subscriptions';
import { subscriptionKindLabel } from '../../src/commands/subscription-text';
import type { CommandContext, CommandDeps } from '../../src/commands/types';
import { commandText, optionWord } from '../../src/commands/vocabulary';
import type { Subscription, SubscriptionKind } from '../../src/delivery/model';
import { inLang, message, text, type Message } from '../../src/text/message';
import type { Lang } from '../../src/text/i18n';
import { textsFor, type Texts } from '../../src/text/texts';
import { dataIn } from '../../src/treaty/localize';
import { toTeamsMessage } from './adaptive-card';
import { formMessage, manageActions, subscriptionFormCard, type FormState, type FormSubmit } from './subscription-form';
import type { OutgoingActivity } from './types';

export interface TeamsForms {
  /** The empty subscribe form, in `lang`. */
  newForm(lang: Lang, asker: CommandContext): OutgoingActivity;
  /** Answers a form's submit. */
  submit(submit: FormSubmit, asker: CommandContext): Promise<OutgoingActivity>;
  /** A rendered `subscriptions` answer with Edit/Delete per subscription. */
  withManageButtons(
    reply: OutgoingActivity,
    lang: Lang,
    subs: readonly Subscription[],
    asker: CommandContext,
  ): OutgoingActivity;
}

const placeOf = (asker: CommandContext): 'chat' | 'channel' => asker.place ?? 'channel';

export function createTeamsForms(deps: CommandDeps): TeamsForms {
  const defaults = (tx: Texts, asker: CommandContext): SubscriptionSettings => ({
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: asker.userZone ?? deps.defaultZone,
    lang: tx.lang,
    filters: { parties: [], areas: [] },
  });
  const card = (tx: Texts, state: FormState, asker: CommandContext): OutgoingActivity => {
    const c = subscriptionFormCard(tx, dataIn(deps.data(), tx.lang), state, placeOf(asker));
    return formMessage(c, c.fallbackText);
  };
  const plain = (tx: Texts, msg: Message): OutgoingActivity => toTeamsMessage(inLang(msg, tx.lang));
  const subscribeWord = (tx: Texts): string => commandText(tx.lang, 'subscribe');
  const existing = async (asker: CommandContext, kind: SubscriptionKind): Promise<Subscription | undefined> =>
    (await deps.store.listSubscriptions(asker.channel)).find((s) => s.kind === kind);

  /** The form again after a refused submit: what was fine as given, the rest as before, problems marked. */
  const again = async (
    tx: Texts,
    asker: CommandContext,
    kind: SubscriptionKind | undefined,
    form: FormEdit,
    errors: FieldError[],
  ): Promise<OutgoingActivity> => {
    const stored = kind ? await existing(asker, kind) : undefined;
    const base = stored ? settingsOfSubscription(stored) : defaults(tx, asker);
    const { filters, ...rest } = form.edit;
    const settings: SubscriptionSettings = {
      ...base,
      ...rest,
      filters: { parties: filters?.parties ?? base.filters.parties, areas: filters?.areas ?? base.filters.areas },
    };
    return card(tx, { kind, kinds: form.kinds, settings, errors }, asker);
  };

  return {
    newForm(lang, asker) {
      const tx = textsFor(lang);
      return card(tx, { kinds: ['digest'], settings: defaults(tx, asker) }, asker);
    },

    async submit(submit, asker) {
      const tx = textsFor(submit.ui ?? asker.lang ?? deps.defaultLang);
      const reader: CommandContext = { ...asker, lang: tx.lang };
      if (submit.form === 'invalid')
        return plain(
          tx,
          message(tx.t('form.stale', { subscribe: subscribeWord(tx) }), [
            text(tx.t('form.stale', { subscribe: subscribeWord(tx) }), 'warning'),
          ]),
        );
      if (submit.form === 'delete') {
        // The same answer as typing it: `unsubscribe <kind>`, in the form's language.
        const line = commandText(tx.lang, 'unsubscribe', optionWord(tx.lang, `grammar.kind.${submit.kind}`));
        return receive(line, { ...reader, langExplicit: true }, deps, { render: (msg) => toTeamsMessage(msg) });
      }
      if (submit.form === 'edit') {
        const stored = await existing(asker, submit.kind);
        if (!stored) {
          const gone = tx.t('form.gone', {
            kind: subscriptionKindLabel(tx, submit.kind, 'weekly', true),
            subscribe: subscribeWord(tx),
          });
          return plain(tx, message(gone, [text(gone, 'warning')]));
        }
        return card(tx, { kind: stored.kind, kinds: [stored.kind], settings: settingsOfSubscription(stored) }, asker);
      }
      const data = deps.data();
      const values = submit.values;
      const kind = typeof values.kind === 'string' ? values.kind : undefined;
      const checked = validateSubscriptionEdit(data, { ...values, kinds: kind ?? values.kinds });
      const editing = checked.form.kinds.length === 1 && kind ? checked.form.kinds[0] : undefined;
      if (!checked.ok) return again(tx, asker, editing, checked.form, checked.errors);
      const outcome = await applySubscriptionEdit(
        deps,
        { channel: asker.channel, user: asker.user ?? null },
        checked.form.kinds,
        checked.form.edit,
        defaults(tx, asker),
        deps.clock(),
      );
      if (!outcome.ok) return again(tx, asker, editing, checked.form, outcome.errors);
      return plain(tx, editAnswer(tx, data, outcome.results, placeOf(asker)));
    },

    withManageButtons(reply, lang, subs, asker) {
      const attachment = reply.attachments?.[0];
      if (!attachment || subs.length === 0) return reply;
      const content = attachment.content as { body: unknown[] };
      const buttons = manageActions(textsFor(lang), subs, placeOf(asker));
      return {
        ...reply,
        attachments: [{ ...attachment, content: { ...content, body: [...content.body, ...buttons] } }],
      };
    },
  };
}
