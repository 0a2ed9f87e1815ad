/**
 * Teams subscription forms over HTTP, through real botbuilder against the fake connector: bare
 * `subscribe` answers an Adaptive Card 1.5 form; its submit (activity.value, as Teams merges the
 * inputs into the Action.Submit data) saves through the core; `subscriptions` has Edit and Delete
 * (confirmed in an Action.ShowCard); bad, missing and hostile values get a clear answer, never a
 * 500; personal chats say "this chat".
 */
import type { SubscriptionSettings } from '../src/commands/subscription-edit';
import { textsFor } from '../src/text/texts';
import { loadFixtureData } from './support/data-fixture';
import { manageActions, subscriptionFormCard } from '../adapters/teams/subscription-form';
import { dataIn } from '../src/treaty/localize';
import { leftoverLatin, visibleStrings } from './support/latin-scan';
import {
  CONVERSATIONS,
  TENANT,
  cardOf,
  messageActivity,
  startTeamsHarness,
  type Harness,
  type Scope,
} from './support/teams-harness';
import { expectValidCard } from './support/teams-schemas';
import { HOSTILE } from './support/hostile-inputs';

let h: Harness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => h.connector.reset());

const key = (scope: Scope) => ({ platform: 'teams', workspace: TENANT, channel: CONVERSATIONS[scope].id });
type Card = Record<string, unknown> & {
  body: Array<Record<string, unknown>>;
  actions?: Array<Record<string, unknown>>;
};

/** Posts a message (text or a submit value) and returns the one reply's card. */
async function send(opts: {
  text?: string;
  value?: unknown;
  scope?: Scope;
  locale?: string;
  localTimezone?: string;
}): Promise<Card> {
  h.connector.reset();
  const res = await h.post(
    messageActivity({ scope: opts.scope ?? 'personal', id: h.nextId(), serviceUrl: h.connector.url, ...opts }),
  );
  expect(res.status).toBe(200);
  expect(h.connector.requests).toHaveLength(1);
  return cardOf(h.connector.requests[0].body) as Card;
}

const inputs = (card: Card): Array<Record<string, unknown>> =>
  card.body.filter((e) => String(e.type).startsWith('Input.'));
const input = (card: Card, id: string) => inputs(card).find((i) => i.id === id);
const texts = (card: Card): string =>
  JSON.stringify(card.body.filter((e) => e.type === 'TextBlock').map((e) => e.text));
const submitData = (card: Card): Record<string, unknown> =>
  (card.actions?.find((a) => a.type === 'Action.Submit')?.data ?? {}) as Record<string, unknown>;
const subs = (scope: Scope = 'personal') => h.app.store.listSubscriptions(key(scope));

afterEach(async () => {
  for (const scope of ['personal', 'channel'] as const) await h.app.store.deleteChannel(key(scope));
});

describe('the subscribe form', () => {
  it('bare "subscribe" answers a valid Adaptive Card 1.5 form with every input, the user zone preselected', async () => {
    const card = await send({ text: 'subscribe', localTimezone: 'Asia/Jakarta' });
    expectValidCard(card);
    expect(inputs(card).map((i) => `${String(i.type)}:${String(i.id)}`)).toEqual([
      'Input.ChoiceSet:kinds',
      'Input.Toggle:cadence',
      'Input.ChoiceSet:weekday',
      'Input.Time:time',
      'Input.ChoiceSet:zone',
      'Input.ChoiceSet:lang',
      'Input.ChoiceSet:parties',
      'Input.ChoiceSet:areas',
    ]);
    expect(input(card, 'zone')).toMatchObject({ value: 'Asia/Jakarta', style: 'compact' });
    expect(input(card, 'time')).toMatchObject({ value: '09:00' });
    expect((input(card, 'parties')?.choices as unknown[]).length).toBe(11);
    expect(JSON.stringify(input(card, 'parties'))).not.toContain('Timor');
    expect(submitData(card)).toEqual({ caftaForm: 'save', ui: 'en' });
    expect(texts(card)).toContain('Subscribe this chat');
    expect(await subs()).toEqual([]);
  });

  it('in Chinese for 订阅, "this channel" in a channel', async () => {
    const zh = await send({ text: '订阅' });
    expectValidCard(zh);
    expect(texts(zh)).toContain('为本聊天订阅');
    expect(submitData(zh)).toMatchObject({ ui: 'zh' });
    const channel = await send({ text: 'subscribe', scope: 'channel' });
    expect(texts(channel)).toContain('Subscribe this channel');
  });

  it('a submit saves through the core and answers like a typed subscribe', async () => {
    const card = await send({ text: 'subscribe' });
    const value = {
      ...submitData(card),
      kinds: 'digest,alerts',
      cadence: 'weekly',
      weekday: '5',
      time: '17:30',
      zone: 'Asia/Jakarta',
      lang: 'en',
      parties: 'vn,th',
      areas: '1,2',
    };
    const answer = await send({ value });
    expectValidCard(answer);
    const stored = await subs();
    expect(stored.map((s) => s.kind).sort()).toEqual(['alerts', 'digest']);
    expect(stored.find((s) => s.kind === 'digest')).toMatchObject({
      weekday: 5,
      time: '17:30',
      zone: 'Asia/Jakarta',
      filters: { parties: ['th', 'vn'], areas: [1, 2] },
    });
    expect(String(answer.fallbackText)).toContain('This chat will receive: weekly digest, alerts.');
  });

  it('bad values come back as the form with each problem under its input; nothing is saved', async () => {
    const answer = await send({
      value: {
        caftaForm: 'save',
        ui: 'en',
        kinds: '',
        time: '25:00',
        zone: 'Mars/Base',
        parties: 'vn,zz',
        weekday: '3',
      },
    });
    expectValidCard(answer);
    const body = answer.body.map((e) =>
      e.type === 'TextBlock' ? `T:${String(e.text)}` : `${String(e.type)}:${String(e.id)}`,
    );
    const after = (id: string): string => body[body.indexOf(id) + 1];
    expect(after('Input.ChoiceSet:kinds')).toMatch(/Choose at least one of digest, reminders and alerts/);
    expect(after('Input.Time:time')).toMatch(/"25:00" is not a time of day/);
    expect(after('Input.ChoiceSet:zone')).toMatch(/"Mars\/Base" is not an IANA time zone/);
    expect(after('Input.ChoiceSet:parties')).toMatch(/"zz" is not a party/);
    // What was fine is kept as given; what was not falls back.
    expect(input(answer, 'weekday')).toMatchObject({ value: '3' });
    expect(input(answer, 'zone')).toMatchObject({ value: 'Asia/Singapore' });
    expect(await subs()).toEqual([]);
  });

  it.each(HOSTILE.slice(0, 12))('a hostile value %# gets an answer, never a 500 or a ping', async (hostile) => {
    const answer = await send({
      value: {
        caftaForm: 'save',
        kinds: hostile,
        time: hostile,
        zone: hostile,
        lang: hostile,
        parties: hostile,
        areas: [hostile],
      },
    });
    expectValidCard(answer);
    expect(JSON.stringify(answer)).not.toMatch(/<at>|<!channel>|<!here>/);
    expect(await subs()).toEqual([]);
  });

  it.each([
    ['not an object', 'just text'],
    ['unknown form', { caftaForm: 'explode' }],
    ['edit without a kind', { caftaForm: 'edit' }],
    ['delete of a kind that does not exist', { caftaForm: 'delete', kind: '__proto__' }],
    ['wrong types', { caftaForm: 'save', kinds: { a: 1 }, time: 930, parties: [1, null], zone: ['UTC'] }],
  ])('%s: a clear answer', async (_name, value) => {
    const answer = await send({ value });
    expectValidCard(answer);
    expect(String(answer.fallbackText).length).toBeGreaterThan(0);
  });
});

describe('"this chat" in chats, "this channel" in channels', () => {
  it.each<[Scope, string]>([
    ['personal', 'This chat will receive: alerts.|This chat now receives nothing'],
    ['groupChat', 'This chat will receive: alerts.|This chat now receives nothing'],
    ['channel', 'This channel will receive: alerts.|This channel now receives nothing'],
  ])('%s', async (scope, wording) => {
    const [subscribed, unsubscribed] = wording.split('|');
    expect(String((await send({ text: 'subscribe alerts', scope })).fallbackText)).toContain(subscribed);
    expect(String((await send({ text: 'unsubscribe alerts', scope })).fallbackText)).toContain(unsubscribed);
  });

  it('a form submitted in Chinese is answered in Chinese', async () => {
    const answer = await send({ value: { caftaForm: 'save', ui: 'zh', kinds: 'alerts', lang: 'zh', parties: 'vn' } });
    expect(String(answer.fallbackText)).toContain('本聊天将收到');
    expect(String(answer.fallbackText)).toContain('缔约方：越南');
  });
});

describe('subscriptions: Edit and Delete', () => {
  it('Edit opens the form prefilled; saving changes only that subscription', async () => {
    await send({ text: 'subscribe digest fri 17:30 Asia/Jakarta party vn' });
    await send({ text: 'subscribe alerts' });
    const list = await send({ text: 'subscriptions' });
    expectValidCard(list);
    const sets = list.body.filter((e) => e.type === 'ActionSet') as Array<{ actions: Array<Record<string, unknown>> }>;
    const manage = sets.flatMap((s) => s.actions);
    expect(manage.map((a) => `${String(a.type)} ${String(a.title)}`)).toEqual([
      'Action.Submit Edit weekly digest',
      'Action.ShowCard Delete weekly digest',
      'Action.Submit Edit alerts',
      'Action.ShowCard Delete alerts',
    ]);

    const edit = await send({ value: manage[0].data });
    expectValidCard(edit);
    expect(texts(edit)).toContain('Change the weekly digest');
    expect(input(edit, 'kinds')).toBeUndefined();
    expect(input(edit, 'weekday')).toMatchObject({ value: '5' });
    expect(input(edit, 'time')).toMatchObject({ value: '17:30' });
    expect(input(edit, 'zone')).toMatchObject({ value: 'Asia/Jakarta' });
    expect(input(edit, 'parties')).toMatchObject({ value: 'vn' });

    const saved = await send({
      value: {
        ...submitData(edit),
        weekday: '2',
        time: '08:00',
        zone: 'Asia/Jakarta',
        parties: '',
        cadence: 'weekly',
        lang: 'en',
        areas: '',
      },
    });
    expect(String(saved.fallbackText)).toContain(
      'Changed: on Tuesday (was on Friday), at 08:00 (was at 17:30) and all parties (was parties: Viet Nam).',
    );
    const digest = (await subs()).find((s) => s.kind === 'digest');
    expect(digest).toMatchObject({ weekday: 2, time: '08:00', filters: { parties: [], areas: [] } });
    expect((await subs()).find((s) => s.kind === 'alerts')).toBeDefined();
  });

  it('Delete asks first; the confirmation stops that one kind', async () => {
    await send({ text: 'subscribe digest' });
    await send({ text: 'subscribe alerts' });
    const list = await send({ text: 'subscriptions' });
    const manage = (
      list.body.filter((e) => e.type === 'ActionSet') as Array<{ actions: Array<Record<string, unknown>> }>
    ).flatMap((s) => s.actions);
    const deleteDigest = manage[1] as { card: Card };
    expect(JSON.stringify(deleteDigest.card.body)).toContain('Stop the weekly digest in this chat?');
    const confirm = deleteDigest.card.actions?.[0] as { data: unknown; style: string };
    expect(confirm.style).toBe('destructive');
    expect((await subs()).length).toBe(2);
    const done = await send({ value: confirm.data });
    expectValidCard(done);
    expect(String(done.fallbackText)).toContain('Removed: weekly digest.');
    expect((await subs()).map((s) => s.kind)).toEqual(['alerts']);
    // Editing what was deleted meanwhile: said plainly.
    const stale = await send({ value: manage[0].data });
    expect(String(stale.fallbackText)).toMatch(/There is no weekly digest here any more/);
  });
});

it('the form card alone validates for each kind and in Chinese (schema 1.5 and the adaptivecards parser)', () => {
  const data = loadFixtureData();
  const settings = {
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: 'Europe/London',
    lang: 'en',
    filters: { parties: ['vn'], areas: [3] },
  } as const;
  for (const lang of ['en', 'zh'])
    for (const kind of [undefined, 'digest', 'reminders', 'alerts'] as const) {
      const card = subscriptionFormCard(
        textsFor(lang),
        data,
        { kind, kinds: ['digest'], settings: { ...settings, filters: { parties: ['vn'], areas: [3] } } },
        'chat',
      );
      expectValidCard(card);
    }
});

it('the Chinese form, with its problems marked, has no English left in it', () => {
  const data = loadFixtureData();
  const tx = textsFor('zh');
  const settings: SubscriptionSettings = {
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: 'Asia/Shanghai',
    lang: 'zh',
    filters: { parties: [], areas: [] },
  };
  const errors = (['kinds', 'cadence', 'weekday', 'zone', 'lang', 'parties', 'areas'] as const).map((field) => ({
    field,
    value: 'xx',
  }));
  const card = subscriptionFormCard(tx, dataIn(data, 'zh'), { kinds: ['digest'], settings, errors }, 'chat');
  expectValidCard(card);
  expect(leftoverLatin(visibleStrings(card).join('\n'), data)).toEqual([]);
  expect(manageActions(tx, [], 'channel')).toEqual([]);
});

describe('the issue example, as a Teams user clicks it', () => {
  /** Every Action.Submit's data in a card, wherever it sits. */
  const submits = (node: unknown): Array<Record<string, unknown>> =>
    Array.isArray(node)
      ? node.flatMap(submits)
      : node && typeof node === 'object'
        ? (node as Record<string, unknown>).type === 'Action.Submit'
          ? [(node as { data?: Record<string, unknown> }).data ?? {}]
          : Object.values(node).flatMap(submits)
        : [];

  it.each([
    ['subscribe digest fri 17:30 Asia/Jakata', 'subscribe digest fri 17:30 Asia/Jakarta', 'en'],
    ['订阅 摘要 每周五 17:30 Asia/Jakata', '订阅 摘要 每周五 17:30 Asia/Jakarta', 'zh'],
  ])('%s: the hint button runs the whole command with only the zone fixed', async (typed, fixed, lang) => {
    const hint = await send({ text: typed });
    const run = submits(hint).find((d) => typeof d.cafta === 'string');
    expect(run?.cafta).toBe(fixed);
    expect(await subs()).toEqual([]);
    await send({ value: run });
    expect((await subs()).map((s) => [s.kind, s.cadence, s.weekday, s.time, s.zone, s.lang])).toEqual([
      ['digest', 'weekly', 5, '17:30', 'Asia/Jakarta', lang],
    ]);
  });
});
