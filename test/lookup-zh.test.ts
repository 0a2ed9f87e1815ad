/**
 * Lookups understand every language of the data whatever the reader's: parties by Chinese
 * names and aliases, milestones by Chinese keywords and title words, areas by Chinese names
 * (from the zh overlay of the fixture); the record found is then shown in the reader's language.
 */
import { findArea, findMilestone, findParty } from '../src/treaty/lookup';
import { dataIn } from '../src/treaty/localize';
import { loadFixtureData } from './support/data-fixture';

const data = loadFixtureData();
const found = <T>(r: { kind: string; value?: T }): T | undefined => (r.kind === 'found' ? r.value : undefined);

describe('lookups in Chinese', () => {
  it.each([
    ['越南', 'VN'],
    ['中國', 'CN'],
    ['中方', 'CN'],
    ['印尼', 'ID'],
    ['寮国', 'LA'],
    ['汶莱', 'BN'],
    ['东帝汶', 'TL'],
    ['老挝人民民主共和国', 'LA'],
  ])('party %s → %s', (query, code) => {
    expect(found(findParty(data, query))?.code).toBe(code);
  });

  it.each([
    ['签署', 'signing'],
    ['框架协议', 'framework-agreement'],
    ['框架', 'framework-agreement'],
    ['货物贸易协议', 'goods-agreement'],
    ['新加坡签署', 'singapore-signs'],
    ['实质性结束', 'substantial-conclusion'],
    ['早期收获', 'early-harvest'],
    ['核准', 'ratification-and-entry-into-force'],
  ])('milestone %s → %s', (query, id) => {
    expect(found(findMilestone(data, query))?.id).toBe(id);
  });

  it.each([
    ['数字', 1],
    ['数字经济', 1],
    ['绿色', 2],
    ['供应链', 3],
    ['植物卫生', 5],
    ['海关', 6],
    ['消费者', 7],
    ['中小微', 8],
  ])('area %s → %i', (query, n) => {
    expect(found(findArea(data, query))?.number).toBe(n);
  });

  it('an ambiguous Chinese word suggests, an unknown one finds nothing', () => {
    expect(findArea(data, '经济')).toMatchObject({ kind: 'suggest' });
    expect(findMilestone(data, '天气').kind).not.toBe('found');
  });

  it('the English records are found and shown in the reader’s language', () => {
    const m = found(findMilestone(data, '签署'));
    expect(m?.title).toBe('CAFTA 3.0 Upgrade Protocol signed');
    expect(dataIn(data, 'zh').milestones.find((x) => x.id === m?.id)?.title).toBe(
      '《中国—东盟自贸区3.0版升级议定书》签署',
    );
    expect(found(findArea(data, 'digital'))?.number).toBe(1);
  });
});
