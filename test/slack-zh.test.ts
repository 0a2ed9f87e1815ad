/**
 * Slack in Chinese, through the real Bolt app against the fake Slack Web API: a user whose
 * Slack locale is zh-CN (users.info with include_locale, the same cached call as the zone) gets
 * every answer, hint, button and the App Home in Chinese; Chinese command words get Chinese
 * answers for an en-US user too; subscriptions remember their language.
 */
import { loadFixtureData } from './support/data-fixture';
import type { FakeSlack } from './support/fake-slack';
import { leftoverLatin, visibleStrings } from './support/latin-scan';
import {
  buttonBody,
  eventBody,
  nowSec,
  postSigned,
  slashBody,
  type SlackApp,
  useSingleWorkspaceApp,
} from './support/slack-request';

const data = loadFixtureData();
const ZH_USER = 'U0ZH';
const EN_USER = 'U0EN';

type Body = { response_type?: string; text?: string; blocks?: Array<Record<string, unknown>> };

let fake: FakeSlack;
let ctx: SlackApp;
useSingleWorkspaceApp('xoxb-zh-token', (f, c) => {
  fake = f;
  ctx = c;
  fake.userLocales = { [ZH_USER]: 'zh-CN', [EN_USER]: 'en-US' };
  fake.userZones = { [ZH_USER]: 'Asia/Shanghai', [EN_USER]: 'Asia/Singapore' };
});

const slash = async (text: string, user: string, channel = 'C0ZH'): Promise<Body> => {
  const res = await postSigned(ctx.events, slashBody(text, { user_id: user, channel_id: channel }));
  expect(res.status).toBe(200);
  return res.json() as Body;
};
const header = (b: Body): string =>
  String((b.blocks?.find((x) => x.type === 'header')?.text as { text?: string } | undefined)?.text ?? '');
const buttonValues = (b: Body): string[] =>
  (b.blocks ?? [])
    .filter((x) => x.type === 'actions')
    .flatMap((x) => (x.elements as Array<{ value: string; action_id: string }>).map((e) => e.value));

describe('Slack: a zh-CN user', () => {
  let status: Body;
  beforeAll(async () => {
    status = await slash('status', ZH_USER);
  });

  it('gets status in Chinese, every visible string, with a Chinese share button', () => {
    expect(header(status)).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    expect(status.text).toMatch(/^中国—东盟自贸区3\.0版：11个缔约方中已签署11个/);
    expect(leftoverLatin(visibleStrings(status).join('\n'), data)).toEqual([]);
    expect(JSON.stringify(status.blocks)).toContain('"text":"分享到频道"');
    expect(buttonValues(status)).toEqual(expect.arrayContaining(['时间线', '即将', '订阅']));
  });

  it('the locale comes from the same users.info call as the zone', () => {
    const calls = fake.callsTo('users.info').filter((c) => c.body.user === ZH_USER);
    expect(calls).toHaveLength(1);
    expect(calls[0].body.include_locale).toBe('true');
  });

  it('help, a hint and next are Chinese too; next is in the user’s zone', async () => {
    expect(header(await slash('help', ZH_USER))).toBe('CAFTA 3.0 机器人');
    const next = await slash('next', ZH_USER);
    expect(JSON.stringify(next.blocks)).toContain('日期按Asia/Shanghai时区');
    const hint = await slash('stauts', ZH_USER);
    expect(hint.text).toBe('无法识别的命令“stauts”。您是不是要找 状态？');
    expect(buttonValues(hint)).toEqual(['状态']);
  });

  it('subscribe stores Chinese as the subscription language unless another is given', async () => {
    const answer = await slash('subscribe all', ZH_USER);
    expect(header(answer)).toBe('已订阅');
    await slash('subscribe alerts english', ZH_USER);
    const subs = await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001', channel: 'C0ZH' });
    expect(Object.fromEntries(subs.map((s) => [s.kind, s.lang]))).toEqual({
      digest: 'zh',
      reminders: 'zh',
      alerts: 'en',
    });
    const list = await slash('subscriptions', ZH_USER);
    expect(JSON.stringify(list.blocks)).toContain('语言：英语');
    expect(JSON.stringify(list.blocks)).toContain('语言：中文');
  });

  it('the App Home is in Chinese', async () => {
    await postSigned(
      ctx.events,
      eventBody({ type: 'app_home_opened', user: ZH_USER, channel: 'D0ZH', tab: 'home', event_ts: `${nowSec()}.1` }),
      { contentType: 'application/json' },
    );
    const [call] = await fake.waitFor('views.publish');
    const view = call.body.view as { blocks: unknown[] };
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = visibleStrings(view).join('\n');
    expect(text).toContain('本工作区的订阅');
    expect(text).toContain('每周摘要：每周一 09:00（Asia/Shanghai）');
    // The form buttons too: add, and edit / delete (with its confirm dialog) per subscription.
    for (const label of ['添加订阅', '修改', '删除', '删除这项订阅？', '保留']) expect(text).toContain(label);
    expect(leftoverLatin(text, data)).toEqual([]);
  });
});

describe('Slack: an en-US user', () => {
  it('gets English for English words, Chinese for Chinese words', async () => {
    expect(header(await slash('status', EN_USER))).toBe('CAFTA 3.0 Upgrade Protocol: ratification status');
    const zh = await slash('状态', EN_USER);
    expect(header(zh)).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    expect(leftoverLatin(visibleStrings(zh).join('\n'), data)).toEqual([]);
  });

  it('a Chinese hint’s "did you mean" button runs the Chinese command and answers in Chinese', async () => {
    const hint = await slash('缔约方 越喃', EN_USER);
    expect(hint.text).toBe('没有与“越喃”匹配的缔约方。您是不是要找 越南（vn）？');
    const [value] = buttonValues(hint);
    expect(value).toBe('缔约方 越南');
    await postSigned(
      ctx.events,
      buttonBody('cafta_run:0', value, `${fake.respondUrl}/zh-run`, { user: EN_USER, channel: 'C0ZH' }),
    );
    const [call] = await fake.waitFor('respond:zh-run');
    const body = call.body as Body;
    expect(header(body)).toBe('越南（VN）');
    expect(leftoverLatin(visibleStrings(body).join('\n'), data)).toEqual([]);
  });
});
