/**
 * Deliveries are written in their subscription's language: through runDue (claim → send →
 * record) a zh subscription's digest, anniversary reminder and alert are Chinese, with no English
 * sentence, while an en subscription due at the same time gets English.
 */
import { loadData } from '../src/treaty/data';
import { toPlainText } from '../src/text/message';
import type { Store } from '../src/store/store';
import { addFixtureEvents, copyData, loadFixtureData } from './support/data-fixture';
import { addSub, deliveryDeps, memoryStore } from './support/delivery-harness';
import { leftoverLatin } from './support/latin-scan';
import { recordingSender } from './support/recording-sender';

const data = loadFixtureData();
let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(() => store.close());

describe('deliveries in the subscription’s language', () => {
  it('a weekly digest: Chinese for the zh channel, English for the en one, at the same slot', async () => {
    const created = new Date('2026-11-24T00:00:00Z');
    await addSub(store, data, { kind: 'digest', channel: 'ZH', lang: 'zh' }, created);
    await addSub(store, data, { kind: 'digest', channel: 'EN', lang: 'en' }, created);
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });
    expect(await run(new Date('2026-11-30T01:00:30Z'))).toMatchObject({ sent: 2 });
    const byChannel = Object.fromEntries(sender.sent.map((s) => [s.target.channel, s.msg]));
    expect(byChannel.ZH.lang).toBe('zh');
    expect(byChannel.ZH.summary).toBe('每周摘要：中国—东盟自贸区3.0版，2026年11月30日：没有变化');
    expect(leftoverLatin(toPlainText(byChannel.ZH), data)).toEqual([]);
    expect(byChannel.EN.summary).toBe('Weekly digest: CAFTA 3.0, 30 Nov 2026: nothing changed');
  });

  it('an anniversary reminder (the round 1st of the signing) in Chinese', async () => {
    await addSub(store, data, { kind: 'reminders', lang: 'zh' }, new Date('2026-10-27T00:00:00Z'));
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });
    expect(await run(new Date('2026-10-28T01:00:00Z'))).toMatchObject({ sent: 1 });
    const text = toPlainText(sender.sent[0].msg);
    expect(text).toContain('《中国—东盟自贸区3.0版升级议定书》签署1周年');
    expect(text).toContain('今天（2026年10月28日）是这一里程碑（2025年10月28日）的1周年纪念日。');
    expect(text).toContain('整数周年：距2025年10月28日已满1年。');
    expect(leftoverLatin(text, data)).toEqual([]);
  });

  it('an alert for a newly recorded ratification in Chinese (its untranslated detail left out)', async () => {
    const copy = copyData();
    try {
      const before = loadData(copy.dir);
      await addSub(store, before, { kind: 'alerts', lang: 'zh' }, new Date('2026-11-24T00:00:00Z'));
      addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
      const after = loadData(copy.dir);
      const sender = recordingSender();
      const { run } = deliveryDeps(store, () => after, { test: sender });
      expect(await run(new Date('2026-11-30T01:00:00Z'))).toMatchObject({ alertsMarked: 1, sent: 1 });
      const msg = sender.sent[0].msg;
      expect(msg.summary).toBe('新记录：新加坡核准（2026年11月25日）');
      const text = toPlainText(msg);
      expect(text).toContain('数据现已记录新加坡对中国—东盟自贸区3.0版升级议定书的核准：2026年11月25日。');
      expect(text).not.toContain('FIXTURE event');
      expect(leftoverLatin(text, after)).toEqual([]);
    } finally {
      copy.remove();
    }
  });
});
