/**
 * Slack forms (issue 14, item 3) through the real @slack/bolt against the fake Web API:
 * `/cafta subscribe` alone opens the modal (views.open with the trigger_id), the App Home's "Add
 * subscription" and "Edit" open it too, its submission is validated inline (`response_action:
 * "errors"`), saved through the core's applySubscriptionEdit, confirmed ephemerally in the channel
 * and the App Home refreshed; "Delete" asks for confirmation. Block Kit limits are checked on the
 * views themselves; hostile payloads get a clear answer, never a 500.
 */
import {
  buildSubscriptionModal,
  MODAL_LIMITS,
  readMetadata,
  ZONE_GROUPS,
  type ModalInitial,
  type ModalView,
} from '../adapters/slack/subscription-modal';
import { buildHomeView } from '../adapters/slack/app-home';
import { textsFor } from '../src/text/texts';
import { dataIn } from '../src/treaty/localize';
import { loadFixtureData } from './support/data-fixture';
import { leftoverLatin } from './support/latin-scan';
import type { FakeSlack, RecordedCall } from './support/fake-slack';
import {
  buttonBody,
  eventBody,
  homeButtonBody,
  nowSec,
  postSigned,
  slashBody,
  type SlackApp,
  useSingleWorkspaceApp,
  viewSubmissionBody,
} from './support/slack-request';
import { waitFor } from './support/wait-for';

const data = loadFixtureData();

let fake: FakeSlack;
let ctx: SlackApp;
useSingleWorkspaceApp('xoxb-forms', (f, c) => {
  fake = f;
  ctx = c;
});

const subsIn = (channel?: string) =>
  ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001', ...(channel ? { channel } : {}) });

type Block = Record<string, unknown> & { type: string; block_id?: string };
const blockById = (view: { blocks: unknown[] }, id: string): Block => {
  const b = (view.blocks as Block[]).find((x) => x.block_id === id);
  if (!b) throw new Error(`no block ${id}`);
  return b;
};
const elementOf = (view: { blocks: unknown[] }, id: string): Record<string, unknown> =>
  blockById(view, id).element as Record<string, unknown>;

/** The latest call to `method` after `before` calls, waited for. */
async function nextCall(method: string, before: number): Promise<RecordedCall> {
  const calls = await fake.waitFor(method, before + 1);
  return calls[calls.length - 1];
}

/** Checks every Block Kit limit the modal relies on. */
function expectModalWithinLimits(view: ModalView): void {
  expect(Array.from(view.title.text).length).toBeLessThanOrEqual(MODAL_LIMITS.title);
  expect(Array.from(view.submit.text).length).toBeLessThanOrEqual(MODAL_LIMITS.button);
  expect(Array.from(view.close.text).length).toBeLessThanOrEqual(MODAL_LIMITS.button);
  expect(view.blocks.length).toBeLessThanOrEqual(MODAL_LIMITS.blocks);
  expect(view.private_metadata.length).toBeLessThanOrEqual(MODAL_LIMITS.privateMetadata);
  expect(view.callback_id.length).toBeLessThanOrEqual(255);
  const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
  for (const block of view.blocks as Block[]) {
    if (block.type !== 'input') continue;
    const label = (block.label as { text: string }).text;
    expect(label.length).toBeLessThanOrEqual(MODAL_LIMITS.label);
    const el = block.element as Record<string, unknown>;
    const options = [
      ...((el.options as Array<{ text: { text: string }; value: string }>) ?? []),
      ...(
        (el.option_groups as Array<{
          label: { text: string };
          options: Array<{ text: { text: string }; value: string }>;
        }>) ?? []
      ).flatMap((g) => {
        expect(Array.from(g.label.text).length).toBeLessThanOrEqual(MODAL_LIMITS.optionText);
        return g.options;
      }),
    ];
    expect(options.length).toBeLessThanOrEqual(MODAL_LIMITS.options);
    expect(((el.option_groups as unknown[]) ?? []).length).toBeLessThanOrEqual(MODAL_LIMITS.optionGroups);
    for (const o of options) {
      expect(Array.from(o.text.text).length).toBeLessThanOrEqual(MODAL_LIMITS.optionText);
      expect(o.value.length).toBeLessThanOrEqual(MODAL_LIMITS.optionValue);
    }
    const values = options.map((o) => o.value);
    expect(new Set(values).size).toBe(values.length);
    // An initial option must be one of the options, exactly.
    for (const initial of [el.initial_option, ...((el.initial_options as unknown[]) ?? [])].filter(Boolean))
      expect(options).toContainEqual(initial);
    const placeholder = el.placeholder as { text: string } | undefined;
    if (placeholder) expect(placeholder.text.length).toBeLessThanOrEqual(MODAL_LIMITS.placeholder);
  }
}

/** Every `text` a reader sees (not option values, ids or metadata). */
const textsOf = (node: unknown): string[] =>
  Array.isArray(node)
    ? node.flatMap(textsOf)
    : node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : textsOf(v)))
      : [];

const NEW: ModalInitial = {
  kinds: ['digest', 'reminders', 'alerts'],
  cadence: 'weekly',
  weekday: 1,
  time: '09:00',
  zone: 'Asia/Jakarta',
  lang: 'en',
  parties: [],
  areas: [],
};

describe('the modal view (pure)', () => {
  it.each(['en', 'zh'] as const)('%s: every field, within every Block Kit limit', (lang) => {
    const tx = textsFor(lang);
    const view = buildSubscriptionModal(tx, dataIn(data, lang), { ...NEW, lang }, { channel: 'C0001', lang });
    expectModalWithinLimits(view);
    expect(view.title.text).toBe(lang === 'en' ? 'Subscribe' : '订阅');
    expect(elementOf(view, 'kinds').type).toBe('checkboxes');
    expect(elementOf(view, 'cadence').type).toBe('radio_buttons');
    expect(elementOf(view, 'weekday').type).toBe('static_select');
    expect(elementOf(view, 'time')).toMatchObject({ type: 'timepicker', initial_time: '09:00' });
    expect(elementOf(view, 'zone')).toMatchObject({
      type: 'static_select',
      initial_option: { value: 'Asia/Jakarta' },
    });
    expect(elementOf(view, 'lang')).toMatchObject({ type: 'static_select', initial_option: { value: lang } });
    const parties = elementOf(view, 'parties') as { type: string; options: Array<{ value: string }> };
    expect(parties.type).toBe('multi_static_select');
    // Parties only: Timor-Leste is not one.
    expect(parties.options.map((o) => o.value)).toEqual(
      data.parties.filter((p) => p.role === 'party').map((p) => p.code.toLowerCase()),
    );
    const areas = elementOf(view, 'areas') as { type: string; options: Array<{ value: string }> };
    expect(areas).toMatchObject({ type: 'multi_static_select' });
    expect(areas.options.map((o) => o.value)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(blockById(view, 'parties').optional).toBe(true);
    expect(elementOf(view, 'channel')).toMatchObject({
      type: 'conversations_select',
      default_to_current_conversation: true,
      initial_conversation: 'C0001',
    });
    expect(readMetadata(view.private_metadata)).toEqual({ channel: 'C0001', lang });
    if (lang === 'zh') {
      // Every visible text is Chinese, except the time zones' own names.
      const visible = textsOf({ ...view, blocks: view.blocks.filter((b) => b.block_id !== 'zone') });
      expect(leftoverLatin(visible.join('\n'), data)).toEqual([]);
    }
  });

  it("a zone that is not listed (the user's own) is offered first, under Yours; the select stays within 100", () => {
    const view = buildSubscriptionModal(textsFor('en'), data, { ...NEW, zone: 'America/Argentina/Cordoba' }, {});
    const el = elementOf(view, 'zone') as {
      option_groups: Array<{ label: { text: string }; options: Array<{ value: string }> }>;
    };
    expect(el.option_groups[0]).toMatchObject({
      label: { text: 'Yours' },
      options: [{ value: 'America/Argentina/Cordoba' }],
    });
    expect(elementOf(view, 'zone')).toMatchObject({ initial_option: { value: 'America/Argentina/Cordoba' } });
    expectModalWithinLimits(view);
    const listed = ZONE_GROUPS.flatMap(([, z]) => z);
    for (const z of listed) expect(() => new Intl.DateTimeFormat('en', { timeZone: z })).not.toThrow();
    expect(listed.length).toBeLessThan(100);
  });

  it('metadata that was tampered with reads as nothing', () => {
    for (const raw of ['', 'not json', '[]', '{"c":"<!channel>"}', '{"k":"everything"}', 'x'.repeat(4000), 42, null])
      expect(readMetadata(raw)).toEqual({});
    expect(readMetadata('{"c":"C0777","k":"digest","l":"zh"}')).toEqual({
      channel: 'C0777',
      kind: 'digest',
      lang: 'zh',
    });
  });
});

describe('/cafta subscribe alone opens the modal', () => {
  it('views.open with the trigger_id, the channel it came from and the user zone from users.info', async () => {
    fake.userZones.U0001 = 'Asia/Ho_Chi_Minh';
    const before = fake.callsTo('views.open').length;
    const res = await postSigned(ctx.events, slashBody('subscribe', { channel_id: 'C0042' }));
    expect(res.status).toBe(200);
    // Acknowledged with no message: the form is the answer.
    expect(res.text).toBe('');
    const call = await nextCall('views.open', before);
    expect(call.body.trigger_id).toBe('1.2.3');
    const view = call.body.view as ModalView;
    expect(view.callback_id).toBe('cafta_subscription');
    expect(elementOf(view, 'channel')).toMatchObject({ initial_conversation: 'C0042' });
    expect(elementOf(view, 'zone')).toMatchObject({ initial_option: { value: 'Asia/Ho_Chi_Minh' } });
    expectModalWithinLimits(view);
    expect(await subsIn('C0042')).toEqual([]);
  });

  it('订阅 opens it in Chinese; subscribe with options still runs the grammar', async () => {
    const before = fake.callsTo('views.open').length;
    await postSigned(ctx.events, slashBody('订阅', { channel_id: 'C0043' }));
    const view = (await nextCall('views.open', before)).body.view as ModalView;
    expect(view.title.text).toBe('订阅');
    expect(blockById(view, 'kinds')).toMatchObject({ label: { text: '接收内容' } });
    const typed = await postSigned(ctx.events, slashBody('subscribe digest fri', { channel_id: 'C0043' }));
    expect(typed.text).toContain('Weekly digest');
    expect(fake.callsTo('views.open').length).toBe(before + 1);
  });

  it('when Slack refuses the modal, the user is told how to subscribe by typing', async () => {
    fake.script('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    const res = await postSigned(ctx.events, slashBody('subscribe', { response_url: `${fake.respondUrl}/refused` }));
    expect(res.status).toBe(200);
    const [answer] = await fake.waitFor('respond:refused');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer.body.text)).toContain('could not be opened. Type /cafta subscribe digest fri 09:00 instead');
  });
});

/** A submission's state as Slack sends it. */
function values(over: Record<string, unknown> = {}): Record<string, unknown> {
  const v: Record<string, unknown> = {
    kinds: { value: { type: 'checkboxes', selected_options: [{ value: 'digest' }, { value: 'alerts' }] } },
    cadence: { value: { type: 'radio_buttons', selected_option: { value: 'weekly' } } },
    weekday: { value: { type: 'static_select', selected_option: { value: '5' } } },
    time: { value: { type: 'timepicker', selected_time: '17:30' } },
    zone: { value: { type: 'static_select', selected_option: { value: 'Asia/Jakarta' } } },
    lang: { value: { type: 'static_select', selected_option: { value: 'en' } } },
    parties: { value: { type: 'multi_static_select', selected_options: [{ value: 'vn' }, { value: 'th' }] } },
    areas: { value: { type: 'multi_static_select', selected_options: [{ value: '1' }] } },
    channel: { value: { type: 'conversations_select', selected_conversation: 'C0100' } },
  };
  return { ...v, ...over };
}

const submit = async (vals: unknown, meta: unknown = '{}', over: Parameters<typeof viewSubmissionBody>[2] = {}) => {
  const res = await postSigned(ctx.events, viewSubmissionBody(vals, meta, over));
  return { status: res.status, text: res.text, body: (res.text ? res.json() : {}) as Record<string, unknown> };
};

describe('submitting the modal', () => {
  it('saves through the core, confirms ephemerally in the channel and refreshes the App Home', async () => {
    const ephemeral = fake.callsTo('chat.postEphemeral').length;
    const published = fake.callsTo('views.publish').length;
    const res = await submit(values(), '{"c":"C0100","l":"en"}');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const subs = (await subsIn('C0100')).sort((a, b) => a.kind.localeCompare(b.kind));
    expect(subs.map((s) => [s.kind, s.cadence, s.weekday, s.time, s.zone, s.lang, s.filters])).toEqual([
      ['alerts', 'weekly', 5, '17:30', 'Asia/Jakarta', 'en', { parties: ['th', 'vn'], areas: [1] }],
      ['digest', 'weekly', 5, '17:30', 'Asia/Jakarta', 'en', { parties: ['th', 'vn'], areas: [1] }],
    ]);
    const confirm = await nextCall('chat.postEphemeral', ephemeral);
    expect(confirm.body).toMatchObject({ channel: 'C0100', user: 'U0001' });
    expect(JSON.stringify(confirm.body.blocks)).toContain('Weekly digest (new)');
    const home = await nextCall('views.publish', published);
    expect(home.body.user_id).toBe('U0001');
    expect(JSON.stringify(home.body.view)).toContain('<#C0100>');
  });

  it('an edit changes only what the form says, and a daily digest ignores the day', async () => {
    await submit(
      values({
        kinds: { value: { selected_options: [{ value: 'digest' }] } },
        cadence: { value: { selected_option: { value: 'daily' } } },
        weekday: { value: { selected_option: { value: '3' } } },
        parties: { value: { selected_options: [] } },
      }),
      '{"c":"C0100","k":"digest"}',
    );
    const digest = (await subsIn('C0100')).find((s) => s.kind === 'digest');
    expect(digest).toMatchObject({ cadence: 'daily', weekday: 5, filters: { parties: [], areas: [1] } });
  });

  it('moving a subscription to another channel in Edit removes it from the old one', async () => {
    await submit(
      values({
        kinds: { value: { selected_options: [{ value: 'alerts' }] } },
        channel: { value: { selected_conversation: 'C0200' } },
      }),
      '{"c":"C0100","k":"alerts"}',
    );
    expect((await subsIn('C0100')).map((s) => s.kind)).toEqual(['digest']);
    expect((await subsIn('C0200')).map((s) => s.kind)).toEqual(['alerts']);
  });

  it.each(['en', 'zh'] as const)(
    '%s: invalid fields are answered inline, per block; nothing is saved',
    async (lang) => {
      const count = await ctx.app.store.countSubscriptions();
      const res = await submit(
        values({
          kinds: { value: { selected_options: [] } },
          zone: { value: { selected_option: { value: 'Mars/Olympus_Mons' } } },
          parties: { value: { selected_options: [{ value: 'tl' }] } },
          areas: { value: { selected_options: [{ value: '10' }] } },
          channel: { value: { selected_conversation: null } },
        }),
        JSON.stringify({ l: lang }),
      );
      expect(res.status).toBe(200);
      expect(res.body.response_action).toBe('errors');
      const errors = res.body.errors as Record<string, string>;
      expect(Object.keys(errors).sort()).toEqual(['areas', 'channel', 'kinds', 'parties', 'zone']);
      for (const message of Object.values(errors)) expect(message.length).toBeLessThanOrEqual(MODAL_LIMITS.errorText);
      if (lang === 'en') {
        expect(errors.zone).toContain('"Mars/Olympus_Mons" is not an IANA time zone');
        expect(errors.parties).toContain('"tl" is not a party to the 3.0 Protocol');
        expect(errors.channel).toBe('Choose a channel.');
      } else {
        expect(errors.channel).toBe('请选择一个频道。');
      }
      expect(await ctx.app.store.countSubscriptions()).toBe(count);
    },
  );

  it.each([
    ['no state at all', undefined, '{}', {}],
    [
      'values of the wrong types',
      { kinds: { value: { selected_options: 'digest' } }, time: { value: { selected_time: 42 } } },
      7,
      {},
    ],
    [
      'hostile text everywhere',
      values({ zone: { value: { selected_option: { value: '<!channel> '.repeat(500) } } } }),
      '<@U1>',
      {},
    ],
    [
      'a channel that is not a channel id',
      values({ channel: { value: { selected_conversation: '<!here>' } } }),
      '{}',
      {},
    ],
    ['no team', values(), '{}', { team: '' }],
  ])('%s: a clear inline answer, never a 500, nothing saved', async (_name, vals, meta, over) => {
    const count = await ctx.app.store.countSubscriptions();
    const res = await submit(vals, meta, over);
    expect(res.status).toBe(200);
    expect(res.body.response_action).toBe('errors');
    const text = JSON.stringify(res.body.errors);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U|@here/);
    expect(await ctx.app.store.countSubscriptions()).toBe(count);
  });

  it('an unsigned submission is refused before anything runs', async () => {
    const res = await fetch(ctx.events, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: viewSubmissionBody(values({ channel: { value: { selected_conversation: 'C0999' } } }), '{}'),
    });
    expect(res.status).toBe(401);
    expect(await subsIn('C0999')).toEqual([]);
  });
});

describe('the App Home', () => {
  const openHome = async (): Promise<{ blocks: Block[] }> => {
    const before = fake.callsTo('views.publish').length;
    await postSigned(
      ctx.events,
      eventBody({ type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: `${nowSec()}.9` }),
      { contentType: 'application/json' },
    );
    return (await nextCall('views.publish', before)).body.view as { blocks: Block[] };
  };
  const buttons = (view: { blocks: Block[] }) =>
    view.blocks.flatMap((b) =>
      b.type === 'actions' ? (b.elements as Array<Record<string, unknown> & { action_id: string; value: string }>) : [],
    );

  it('has "Add subscription", and Edit and Delete (with a confirm dialog) next to each subscription', async () => {
    const view = await openHome();
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const all = buttons(view);
    expect(all.find((b) => b.action_id === 'cafta_home_add')).toMatchObject({ text: { text: 'Add subscription' } });
    const subs = await subsIn();
    for (const s of subs) {
      const ref = `${s.channel}:${s.kind}`;
      expect(all).toContainEqual(expect.objectContaining({ action_id: 'cafta_home_edit', value: ref }));
      const del = all.find((b) => b.action_id === 'cafta_home_delete' && b.value === ref);
      expect(del).toMatchObject({
        style: 'danger',
        confirm: {
          title: { text: 'Delete this subscription?' },
          confirm: { text: 'Delete' },
          deny: { text: 'Keep it' },
        },
      });
    }
    // Only the form buttons: the answer buttons (cafta_run) have nowhere to answer in the Home.
    expect(JSON.stringify(view)).not.toContain('cafta_run:');
  });

  it('"Add subscription" opens the modal with the clicker’s trigger', async () => {
    const before = fake.callsTo('views.open').length;
    const res = await postSigned(ctx.events, homeButtonBody('cafta_home_add', 'add'));
    expect(res.status).toBe(200);
    const call = await nextCall('views.open', before);
    expect(call.body.trigger_id).toBe('7.8.9');
    expect((call.body.view as ModalView).title.text).toBe('Subscribe');
  });

  it('"Edit" opens the modal filled with that subscription', async () => {
    const before = fake.callsTo('views.open').length;
    await postSigned(ctx.events, homeButtonBody('cafta_home_edit', 'C0100:digest'));
    const view = (await nextCall('views.open', before)).body.view as ModalView;
    expect(view.title.text).toBe('Edit subscription');
    expect(readMetadata(view.private_metadata)).toMatchObject({ channel: 'C0100', kind: 'digest' });
    expect(elementOf(view, 'kinds')).toMatchObject({ initial_options: [{ value: 'digest' }] });
    expect(elementOf(view, 'cadence')).toMatchObject({ initial_option: { value: 'daily' } });
    expect(elementOf(view, 'time')).toMatchObject({ initial_time: '17:30' });
    expect(elementOf(view, 'areas')).toMatchObject({ initial_options: [{ value: '1' }] });
    expect(elementOf(view, 'channel')).toMatchObject({ initial_conversation: 'C0100' });
    expectModalWithinLimits(view);
  });

  it('"Delete" removes that one subscription and refreshes the Home', async () => {
    const before = fake.callsTo('views.publish').length;
    await postSigned(ctx.events, homeButtonBody('cafta_home_delete', 'C0200:alerts'));
    await waitFor('the alerts in C0200 to be deleted', async () => (await subsIn('C0200')).length === 0);
    const view = (await nextCall('views.publish', before)).body.view;
    expect(JSON.stringify(view)).not.toContain('C0200:alerts');
    expect((await subsIn('C0100')).map((s) => s.kind)).toEqual(['digest']);
  });

  it.each(['', 'C0100', 'C0100:everything', '<!channel>:digest', 'C0100:digest:extra', 'x'.repeat(300)])(
    'a button value %j that is not ours changes nothing and never fails',
    async (value) => {
      const count = await ctx.app.store.countSubscriptions();
      for (const action of ['cafta_home_edit', 'cafta_home_delete']) {
        const res = await postSigned(ctx.events, homeButtonBody(action, value));
        expect(res.status).toBe(200);
      }
      expect(await ctx.app.store.countSubscriptions()).toBe(count);
    },
  );

  it('with many subscriptions the Home still holds at most 100 blocks', async () => {
    const now = new Date('2026-11-30T03:00:00Z');
    for (let i = 0; i < 60; i++) {
      await ctx.app.store.upsertSubscription(
        {
          platform: 'slack',
          workspace: 'TMANY',
          channel: `C${String(1000 + i)}`,
          address: {},
          kind: 'digest',
          cadence: 'weekly',
          weekday: 1,
          time: '09:00',
          zone: 'Asia/Singapore',
          nextDueAt: null,
          createdBy: null,
          state: {},
          lang: 'en',
          filters: { parties: [], areas: [] },
        },
        now,
      );
    }
    for (const lang of ['en', 'zh'] as const) {
      const view = await buildHomeView('TMANY', 'U0001', ctx.app.commandDeps, { lang });
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(view)).toContain('cafta_home_add');
      // Each subscription shown keeps its Edit and Delete; the rest are counted, not cut in half.
      const afterAdd = view.blocks.slice(
        view.blocks.findIndex((b) => (b as { block_id?: string }).block_id === 'home_add') + 1,
      );
      const lines = afterAdd.filter((b) => b.type === 'section' && JSON.stringify(b).includes('• '));
      const manage = view.blocks.filter((b) => b.type === 'actions' && JSON.stringify(b).includes('cafta_home_edit'));
      expect(manage.length).toBe(lines.length);
      const more = JSON.stringify(view.blocks[view.blocks.length - 1]);
      expect(more).toContain(
        lang === 'en' ? `and ${60 - manage.length} more subscriptions` : `还有${60 - manage.length}项订阅`,
      );
    }
  });
});

describe('in a direct message the wording says "this chat", as Teams does in a personal chat', () => {
  it('typed commands from a D… conversation (or one Slack names directmessage) say this chat, in English and Chinese', async () => {
    const dm = { channel_id: 'D0DM001', channel_name: 'directmessage' };
    const none = await postSigned(ctx.events, slashBody('subscriptions', dm));
    expect(none.text).toContain('No subscriptions in this chat');
    expect(none.text).not.toContain('this channel');
    const saved = await postSigned(ctx.events, slashBody('subscribe digest fri', dm));
    expect(saved.text).toContain('This chat will receive');
    expect(saved.text).not.toMatch(/this channel/i);
    const zh = await postSigned(ctx.events, slashBody('取消订阅 摘要', dm));
    expect(zh.text).toContain('本聊天');
    expect(zh.text).not.toContain('本频道');
    // A group DM keeps its C… id in newer workspaces; Slack names it mpdm-….
    const group = await postSigned(
      ctx.events,
      slashBody('subscriptions', { channel_id: 'C0GROUP1', channel_name: 'mpdm-a--b-1' }),
    );
    expect(group.text).toContain('No subscriptions in this chat');
    // A channel still says channel.
    const channel = await postSigned(ctx.events, slashBody('subscriptions', { channel_id: 'C0DMX01' }));
    expect(channel.text).toContain('this channel');
  });

  it('the form saved for a DM confirms with "this chat"', async () => {
    const ephemeral = fake.callsTo('chat.postEphemeral').length;
    const res = await submit(
      values({ channel: { value: { type: 'conversations_select', selected_conversation: 'D0DM002' } } }),
      '{"c":"D0DM002","l":"en"}',
    );
    expect(res.status).toBe(200);
    const confirm = await nextCall('chat.postEphemeral', ephemeral);
    expect(JSON.stringify(confirm.body)).toContain('This chat will receive');
    expect(JSON.stringify(confirm.body)).not.toMatch(/this channel/i);
  });
});

describe('the issue example, as a Slack user clicks it', () => {
  /** The cafta_run buttons of an answer: [action_id, value]. */
  const runButtons = (answer: string): Array<[string, string]> =>
    (
      (JSON.parse(answer) as { blocks?: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> }).blocks ??
      []
    )
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id?.startsWith('cafta_run:'))
      .map((e) => [String(e.action_id), String(e.value)]);

  it.each([
    ['subscribe digest fri 17:30 Asia/Jakata', 'subscribe digest fri 17:30 Asia/Jakarta', 'C0JAK01', 'en'],
    ['订阅 摘要 每周五 17:30 Asia/Jakata', '订阅 摘要 每周五 17:30 Asia/Jakarta', 'C0JAK02', 'zh'],
  ])('%s: the hint button runs the whole command with only the zone fixed', async (typed, fixed, channel, lang) => {
    const hint = await postSigned(ctx.events, slashBody(typed, { channel_id: channel }));
    expect(hint.status).toBe(200);
    expect(hint.text).not.toContain('cafta_share');
    const [button] = runButtons(hint.text);
    expect(button?.[1]).toBe(fixed);
    expect(await subsIn(channel)).toEqual([]);
    const res = await postSigned(
      ctx.events,
      buttonBody(button[0], button[1], `${fake.respondUrl}/jak-${lang}`, { channel }),
    );
    expect(res.status).toBe(200);
    const [answer] = await fake.waitFor(`respond:jak-${lang}`);
    expect(JSON.stringify(answer.body)).toContain(lang === 'en' ? 'Friday' : '周五');
    const subs = await subsIn(channel);
    expect(subs.map((s) => [s.kind, s.cadence, s.weekday, s.time, s.zone, s.lang])).toEqual([
      ['digest', 'weekly', 5, '17:30', 'Asia/Jakarta', lang],
    ]);
  });
});

describe('direct-message subscriptions on the App Home', () => {
  const homeOf = async (user: string): Promise<string> => {
    const before = fake.callsTo('views.publish').length;
    await postSigned(
      ctx.events,
      eventBody({ type: 'app_home_opened', user, channel: 'D0001', tab: 'home', event_ts: `${nowSec()}.7` }),
      { contentType: 'application/json' },
    );
    const calls = await fake.waitFor('views.publish', before + 1);
    const mine = calls.slice(before).find((c) => c.body.user_id === user);
    return JSON.stringify(mine?.body.view);
  };

  it('are shown, named as a direct message, only to the one who subscribed; nobody else can Edit or Delete them', async () => {
    const dm = { channel_id: 'D0DM777', channel_name: 'directmessage', user_id: 'U0007' };
    await postSigned(ctx.events, slashBody('subscribe alerts party vn', dm));
    expect((await subsIn('D0DM777')).map((s) => s.kind)).toEqual(['alerts']);

    const own = await homeOf('U0007');
    expect(own).toContain('Direct message');
    expect(own).toContain('D0DM777:alerts');
    expect(own).not.toContain('<#D0DM777>');
    expect(own).toContain('Alerts in the direct message stops');

    const other = await homeOf('U0001');
    expect(other).not.toContain('D0DM777');

    // A forged or stale Delete/Edit from someone else changes nothing and opens nothing.
    const opened = fake.callsTo('views.open').length;
    await postSigned(ctx.events, homeButtonBody('cafta_home_edit', 'D0DM777:alerts'));
    await postSigned(ctx.events, homeButtonBody('cafta_home_delete', 'D0DM777:alerts'));
    await homeOf('U0001');
    expect(fake.callsTo('views.open').length).toBe(opened);
    expect((await subsIn('D0DM777')).map((s) => s.kind)).toEqual(['alerts']);

    // Its owner can.
    await postSigned(ctx.events, homeButtonBody('cafta_home_delete', 'D0DM777:alerts', { user: 'U0007' }));
    await homeOf('U0007');
    expect(await subsIn('D0DM777')).toEqual([]);
  });
});
