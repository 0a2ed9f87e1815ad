/**
 * Teams in Chinese: an activity whose locale is zh-CN (as the Teams client sends it) is answered
 * with a Chinese Adaptive Card, as recorded by the fake Bot Framework connector; the welcome card
 * on install follows the installer's locale; Chinese command words answer in Chinese whatever the
 * locale; cards stay valid for Teams and reused answers are kept per language.
 */
import { loadFixtureData } from './support/data-fixture';
import { leftoverLatin, visibleStrings } from './support/latin-scan';
import { cardOf, lifecycleActivity, messageActivity, startTeamsHarness, type Harness } from './support/teams-harness';
import { cardLibraryErrors, cardSchemaErrors } from './support/teams-schemas';

const data = loadFixtureData();
let h: Harness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => h.connector.reset());

async function ask(text: string, locale?: string): Promise<Record<string, unknown>> {
  h.connector.reset();
  await h.post(messageActivity({ scope: 'personal', text, id: h.nextId(), serviceUrl: h.connector.url, locale }));
  const [reply] = h.connector.requests;
  return cardOf(reply.body);
}
const firstText = (card: Record<string, unknown>): string => String((card.body as Array<{ text?: string }>)[0].text);

describe('Teams: a zh-CN activity', () => {
  it.each(['status', 'party vn', 'timeline', 'milestone signing', 'areas', 'area 1', 'next', 'help', 'stauts'])(
    '%s: a valid card with no English sentence',
    async (text) => {
      const card = await ask(text, 'zh-CN');
      expect(cardSchemaErrors(card)).toEqual([]);
      expect(cardLibraryErrors(card)).toEqual([]);
      expect(leftoverLatin(visibleStrings(card).join('\n'), data)).toEqual([]);
    },
  );

  it('status reads in Chinese and its buttons run Chinese commands', async () => {
    const card = await ask('status', 'zh-CN');
    expect(firstText(card)).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    const actions = (card.body as Array<{ type: string; actions?: Array<{ title: string; data: { cafta: string } }> }>)
      .filter((e) => e.type === 'ActionSet')
      .flatMap((e) => e.actions ?? []);
    expect(actions.map((a) => [a.title, a.data.cafta])).toEqual([
      ['时间线', '时间线'],
      ['即将发生', '即将'],
      ['为本频道订阅', '订阅'],
    ]);
  });

  it('en-US gets English; Chinese words get Chinese whatever the locale; each language kept apart', async () => {
    expect(firstText(await ask('status', 'en-US'))).toBe('CAFTA 3.0 Upgrade Protocol: ratification status');
    expect(firstText(await ask('状态', 'en-US'))).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    expect(firstText(await ask('status', 'zh-TW'))).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    expect(firstText(await ask('status'))).toBe('CAFTA 3.0 Upgrade Protocol: ratification status');
  });

  it('subscribe from a zh-CN client stores a Chinese subscription', async () => {
    expect(firstText(await ask('subscribe digest', 'zh-CN'))).toBe('已订阅');
    const subs = await h.app.store.listSubscriptions({ platform: 'teams', workspace: 'tenant-1111' });
    expect(subs.map((s) => [s.kind, s.lang])).toEqual([['digest', 'zh']]);
  });

  it('the welcome card on install follows the installer’s locale', async () => {
    await h.post(
      lifecycleActivity({
        kind: 'install',
        scope: 'groupChat',
        id: h.nextId(),
        serviceUrl: h.connector.url,
        locale: 'zh-CN',
      }),
    );
    const [reply] = h.connector.requests;
    const card = cardOf(reply.body);
    expect(firstText(card)).toBe(
      '您好！我跟踪《中国—东盟自贸区3.0版升级议定书》：核准状态、各个里程碑、九个领域以及即将到来的周年纪念。',
    );
    expect(reply.body.summary).toBe('您好！我跟踪《中国—东盟自贸区3.0版升级议定书》。');
    expect(leftoverLatin(visibleStrings(card).join('\n'), data)).toEqual([]);
  });
});
