/**
 * Dates, weekdays and times in the reader's language, at the precision the data gives.
 */
import {
  formatDatedFact,
  formatDateValue,
  formatDay,
  formatList,
  formatLocalDateTime,
  formatNumber,
  formatWeekday,
} from '../src/text/format';
import type { DateValue } from '../src/treaty/model';

const day = (date: string): DateValue => ({ date, precision: 'day', sources: ['s'] });

describe('formatting in the reader language', () => {
  it.each([
    ['en', '28 Oct 2025', 'Nov 2022', '2015'],
    ['zh', '2025年10月28日', '2022年11月', '2015年'],
  ])('%s: day, month-only and year-only dates never gain precision', (lang, d, m, y) => {
    expect(formatDay(lang, '2025-10-28')).toBe(d);
    expect(formatDateValue(lang, { date: '2022-11', precision: 'month' })).toBe(m);
    expect(formatDateValue(lang, { date: '2015', precision: 'year' })).toBe(y);
  });

  it.each([
    ['en', '21 or 22 Nov 2015 (sources differ)', '22 Oct 2019 or 2018 (sources differ)', 'unknown'],
    ['zh', '2015年11月21或22日（来源说法不一）', '2019年10月22日或2018年（来源说法不一）', '未知'],
  ])('%s: conflicting values are all shown, none picked', (lang, sameMonth, mixed, unknown) => {
    expect(formatDatedFact(lang, { values: [day('2015-11-21'), day('2015-11-22')] })).toBe(sameMonth);
    expect(
      formatDatedFact(lang, { values: [day('2019-10-22'), { date: '2018', precision: 'year', sources: ['s'] }] }),
    ).toBe(mixed);
    expect(formatDatedFact(lang, { values: [] })).toBe(unknown);
    expect(formatDatedFact(lang, undefined, '—')).toBe('—');
  });

  it.each([
    ['en', 'Monday', 'Sun', 'Mon 7 Dec 2026, 09:00 (Asia/Singapore)'],
    ['zh', '星期一', '周日', '2026年12月7日（周一）09:00（Asia/Singapore）'],
  ])('%s: weekdays and local times name the zone', (lang, monday, sunday, local) => {
    expect(formatWeekday(lang, 1)).toBe(monday);
    expect(formatWeekday(lang, 7, 'short')).toBe(sunday);
    expect(formatLocalDateTime(lang, new Date('2026-12-07T01:00:00Z'), 'Asia/Singapore')).toBe(local);
  });

  it('lists and numbers follow the language', () => {
    expect(formatList('en', ['a', 'b', 'c'])).toBe('a, b and c');
    expect(formatList('zh', ['越南', '新加坡', '中国'])).toBe('越南、新加坡和中国');
    expect(formatList('zh', ['摘要', '提醒'], 'or')).toBe('摘要或提醒');
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('zh', 12345)).toBe('12,345');
  });
});
