import { findArea, findMilestone, findParty, type LookupResult } from '../src/treaty/lookup';
import { editDistance, foldKey } from '../src/text/match';
import { loadFixtureData } from './support/data-fixture';

const data = loadFixtureData();
const code = (r: LookupResult<{ code: string }>): string =>
  r.kind === 'found' ? r.value.code : r.kind === 'suggest' ? `?${r.suggestions.map((p) => p.code).join(',')}` : '-';

describe('party lookup', () => {
  it.each([
    ['vn', 'VN'],
    ['VN', 'VN'],
    ['vnm', 'VN'],
    ['Vietnam', 'VN'],
    ['Viet Nam', 'VN'],
    ['VIỆT NAM', 'VN'],
    ['viet-nam', 'VN'],
    ['越南', 'VN'],
    ['cn', 'CN'],
    ['CHN', 'CN'],
    ['China', 'CN'],
    ['PRC', 'CN'],
    ['Mainland China', 'CN'],
    ["People's Republic of China", 'CN'],
    ['中国', 'CN'],
    ['la', 'LA'],
    ['lao', 'LA'],
    ['Laos', 'LA'],
    ['Lao PDR', 'LA'],
    ['老挝', 'LA'],
    ['bn', 'BN'],
    ['BRN', 'BN'],
    ['Brunei', 'BN'],
    ['Brunei Darussalam', 'BN'],
    ['文莱', 'BN'],
    ['kh', 'KH'],
    ['khm', 'KH'],
    ['Cambodia', 'KH'],
    ['柬埔寨', 'KH'],
    ['id', 'ID'],
    ['idn', 'ID'],
    ['Indonesia', 'ID'],
    ['印度尼西亚', 'ID'],
    ['印尼', 'ID'],
    ['my', 'MY'],
    ['mys', 'MY'],
    ['Malaysia', 'MY'],
    ['马来西亚', 'MY'],
    ['mm', 'MM'],
    ['mmr', 'MM'],
    ['Myanmar', 'MM'],
    ['Burma', 'MM'],
    ['缅甸', 'MM'],
    ['ph', 'PH'],
    ['phl', 'PH'],
    ['Philippines', 'PH'],
    ['the philippines', 'PH'],
    ['菲律宾', 'PH'],
    ['sg', 'SG'],
    ['sgp', 'SG'],
    ['Singapore', 'SG'],
    ['新加坡', 'SG'],
    ['th', 'TH'],
    ['tha', 'TH'],
    ['Thailand', 'TH'],
    ['泰国', 'TH'],
    ['tl', 'TL'],
    ['tls', 'TL'],
    ['Timor-Leste', 'TL'],
    ['East Timor', 'TL'],
    ['东帝汶', 'TL'],
    ['  singapore  ', 'SG'],
    ['philipp', 'PH'],
    ['indo', 'ID'],
  ])('%s → %s', (query, expected) => {
    expect(code(findParty(data, query))).toBe(expected);
  });

  it.each([
    ['vietman', '?VN'],
    ['Sinagpore', '?SG'],
    ['Thailnd', '?TH'],
    ['Malasia', '?MY'],
    ['Camboda', '?KH'],
    ['Brunai', '?BN'],
  ])('near miss %s → did you mean %s', (query, expected) => {
    expect(code(findParty(data, query))).toBe(expected);
  });

  it.each(['France', 'xx', '', '🙂', 'zzzzzzzzzzzzzzzz'])('nothing close: %j', (query) => {
    expect(findParty(data, query).kind).toBe('none');
  });

  it('Timor-Leste is found, as an ASEAN member that is not a party', () => {
    const r = findParty(data, 'timor leste');
    expect(r.kind === 'found' && r.value).toMatchObject({ role: 'asean-member-not-party', aseanMember: true });
  });
});

describe('milestone and area lookup', () => {
  it.each([
    ['signing', 'signing'],
    ['SIGNING', 'signing'],
    ['framework', 'framework-agreement'],
    ['goods agreement', 'goods-agreement'],
    ['2.0', 'upgrade-2-0-signed'],
    ['gan kim yong', 'singapore-signs'],
    ['substantial conclusion', 'substantial-conclusion'],
  ])('milestone %s → %s', (q, id) => {
    const r = findMilestone(data, q);
    expect(r.kind === 'found' ? r.value.id : r).toBe(id);
  });

  it('a typo in a milestone id gets a suggestion', () => {
    const r = findMilestone(data, 'signin');
    expect(r.kind === 'found' ? r.value.id : r.kind === 'suggest' ? r.suggestions[0].id : '-').toBe('signing');
    const t = findMilestone(data, 'early harvset');
    expect(t.kind === 'suggest' && t.suggestions[0].id).toBe('early-harvest');
  });

  it.each([
    ['1', 1],
    ['#5', 5],
    ['9', 9],
    ['digital', 1],
    ['Digital Economy', 1],
    ['green', 2],
    ['supply chain', 3],
    ['sps', 5],
    ['customs', 6],
    ['competition', 7],
    ['msme', 8],
    ['sanitary', 5],
    ['cooperation', 9],
    ['Economic and Technical Cooperation', 9],
  ])('area %s → %i', (q, n) => {
    const r = findArea(data, q);
    expect(r.kind === 'found' ? r.value.number : r).toBe(n);
  });

  it.each([
    ['digitl', [1]],
    ['grean', [2]],
    ['suply chain', [3]],
    ['competiton', [7]],
  ])('a misspelt area %s is a did-you-mean, never a match', (q, numbers) => {
    const r = findArea(data, q);
    expect(r.kind === 'suggest' ? r.suggestions.map((a) => a.number) : r).toEqual(numbers);
  });

  it.each(['0', '10', 'space'])('area %s is not found', (q) => {
    expect(findArea(data, q).kind).not.toBe('found');
  });
});

describe('text matching', () => {
  it.each([
    ['Việt Nam', 'viet nam'],
    ['Đà Nẵng', 'da nang'],
    ['  Lao   PDR ', 'lao pdr'],
    ["People's", 'peoples'],
    ['Timor-Leste', 'timor leste'],
  ])('foldKey(%j) = %j', (input, key) => expect(foldKey(input)).toBe(key));
  it.each([
    ['vietnam', 'vietnma', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['中国', '中国', 0],
  ])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
