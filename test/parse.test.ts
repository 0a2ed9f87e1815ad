import { parseCommand, normalizeInput } from '../src/commands/parse';
import { parseTimeOfDay, suggestZones } from '../src/commands/parse-time';
import type { Command } from '../src/commands/types';
import { toPlainText, type Message } from '../src/text/message';

const ok = (input: string): Command => {
  const r = parseCommand(input);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got hint: ${toPlainText(r.hint('en'))}`);
  return r.command;
};
const hintOf = (input: string): Message => {
  const r = parseCommand(input);
  if (r.ok) throw new Error(`expected a hint for ${JSON.stringify(input)}, got ${JSON.stringify(r.command)}`);
  return r.hint('en');
};
const ALL = ['digest', 'reminders', 'alerts'];

describe('every command parses', () => {
  it.each<[string, Command]>([
    ['', { name: 'help' }],
    ['   ', { name: 'help' }],
    ['help', { name: 'help' }],
    ['HELP subscribe', { name: 'help', topic: 'subscribe' }],
    ['?', { name: 'help' }],
    ['status', { name: 'status' }],
    ['  Status  ', { name: 'status' }],
    ['/cafta status', { name: 'status' }],
    ['@CAFTA status', { name: 'status' }],
    ['party vn', { name: 'party', query: 'vn' }],
    ['party   Viet   Nam', { name: 'party', query: 'Viet Nam' }],
    ['party 中国', { name: 'party', query: '中国' }],
    ['country Laos', { name: 'party', query: 'Laos' }],
    ['timeline', { name: 'timeline', all: false }],
    ['timeline --all', { name: 'timeline', all: true }],
    ['timeline —all', { name: 'timeline', all: true }],
    ['timeline all', { name: 'timeline', all: true }],
    ['milestone signing', { name: 'milestone', query: 'signing' }],
    ['areas', { name: 'areas' }],
    ['area 5', { name: 'area', query: '5' }],
    ['area digital economy', { name: 'area', query: 'digital economy' }],
    ['next', { name: 'next', days: 30 }],
    ['next 7', { name: 'next', days: 7 }],
    ['next 90 days', { name: 'next', days: 90 }],
    ['next 366', { name: 'next', days: 366 }],
    ['subscriptions', { name: 'subscriptions' }],
    ['digest', { name: 'digest' }],
    ['unsubscribe', { name: 'unsubscribe', kinds: ALL } as Command],
    ['unsubscribe digest', { name: 'unsubscribe', kinds: ['digest'] } as Command],
    ['unsubscribe alerts reminder', { name: 'unsubscribe', kinds: ['reminders', 'alerts'] } as Command],
  ])('%j', (input, command) => {
    expect(ok(input)).toEqual(command);
  });
});

describe('subscribe: tokens in any order; only what was typed is set (the rest is kept or defaulted when it runs)', () => {
  type Sub = Extract<Command, { name: 'subscribe' }>;
  /** The command without the words as typed (checked separately). */
  const given = (input: string): Omit<Sub, 'words'> => {
    const { words: _words, ...rest } = ok(input) as Sub;
    return rest;
  };
  const sub = (kinds: string[], over: Partial<Sub> = {}): Omit<Sub, 'words'> =>
    ({ name: 'subscribe', kinds, ...over }) as Sub;

  it.each<[string, Omit<Sub, 'words'>]>([
    ['subscribe', sub(ALL)],
    ['subscribe digest', sub(['digest'])],
    ['subscribe all', sub(ALL)],
    [
      'subscribe digest weekly fri 17:30 Asia/Jakarta',
      sub(['digest'], { cadence: 'weekly', weekday: 5, time: '17:30', zone: 'Asia/Jakarta' }),
    ],
    [
      'subscribe Asia/Jakarta 17:30 fri weekly digest',
      sub(['digest'], { cadence: 'weekly', weekday: 5, time: '17:30', zone: 'Asia/Jakarta' }),
    ],
    ['subscribe asia/ho_chi_minh daily 7am', sub(ALL, { cadence: 'daily', time: '07:00', zone: 'Asia/Ho_Chi_Minh' })],
    ['subscribe reminders alerts', sub(['reminders', 'alerts'])],
    ['subscribe digest reminders all', sub(ALL)],
    ['subscribe SUNDAY 21:00', sub(ALL, { weekday: 7, time: '21:00' })],
    ['subscribe 9', sub(ALL, { time: '09:00' })],
    ['subscribe 9am', sub(ALL, { time: '09:00' })],
    ['subscribe 9 am', sub(ALL, { time: '09:00' })],
    ['subscribe 9:30pm', sub(ALL, { time: '21:30' })],
    ['subscribe 12am', sub(ALL, { time: '00:00' })],
    ['subscribe 12pm', sub(ALL, { time: '12:00' })],
    ['subscribe 0930', sub(ALL, { time: '09:30' })],
    ['subscribe noon', sub(ALL, { time: '12:00' })],
    ['subscribe UTC', sub(ALL, { zone: 'UTC' })],
    ['subscribe jakarta', sub(ALL, { zone: 'Asia/Jakarta' })],
    ['subscribe Pacific/Kiritimati tue', sub(ALL, { weekday: 2, zone: 'Pacific/Kiritimati' })],
    ['subscribe digest fri', sub(['digest'], { weekday: 5 })],
    // Filters: the positions of the names typed (looked up when the command runs).
    ['subscribe alerts party vn th', sub(['alerts'], { parties: [2, 3] })],
    ['subscribe alerts party vn, th', sub(['alerts'], { parties: [2, 3] })],
    ['subscribe party singapore fri', sub(ALL, { parties: [1], weekday: 5 })],
    ['subscribe party viet nam 17:30 Asia/Jakarta', sub(ALL, { parties: [1, 2], time: '17:30', zone: 'Asia/Jakarta' })],
    ['subscribe digest area digital green', sub(['digest'], { areas: [2, 3] })],
    ['subscribe digest area 4 9 9am', sub(['digest'], { areas: [2, 3], time: '09:00' })],
    ['subscribe alerts party all', sub(['alerts'], { parties: 'all' })],
    ['subscribe digest area all party all', sub(['digest'], { areas: 'all', parties: 'all' })],
    ['subscribe digest party vn all', sub(ALL, { parties: [2] })],
  ])('%j', (input, command) => {
    expect(given(input)).toEqual(command);
  });

  it('keeps the words as typed, so hints can offer the whole command again', () => {
    expect(ok('subscribe digest fri 17:30 asia/jakarta')).toMatchObject({
      words: ['digest', 'fri', '17:30', 'asia/jakarta'],
    });
    expect(ok('subscribe')).toMatchObject({ words: [] });
  });
});

describe('hints: specific, never a silent default', () => {
  it.each<[string, RegExp, string | undefined]>([
    ['stauts', /Unknown command "stauts"\. Did you mean status\?/, 'status'],
    ['timelien --all', /Did you mean timeline\?/, 'timeline --all'],
    ['subscibe digest', /Did you mean subscribe\b/, 'subscribe digest'],
    ['frobnicate', /Unknown command "frobnicate"\.$/, 'help'],
    ['status vn', /status takes no options; "vn" was not understood/, 'status'],
    ['areas 5', /for one area use area 5/, 'area 5'],
    ['party', /Which party\?/, 'party vn'],
    ['milestone', /Which milestone\?/, 'milestone signing'],
    ['area', /Which area\?/, 'area 1'],
    ['timeline everything', /"everything" is not a timeline option/, 'timeline --all'],
    ['next 0', /"0" is out of range: next looks 1 to 366 days ahead/, 'next 1'],
    ['next 400', /out of range/, 'next 366'],
    ['next soon', /"soon" is not a number of days/, 'next 30'],
    ['next -5', /out of range/, 'next 1'],
    ['help frob', /There is no command "frob"/, 'help'],
    [
      'subscribe Asia/Jakata',
      /"Asia\/Jakata" is not a time zone I know\. Did you mean Asia\/Jakarta\?/,
      'subscribe Asia/Jakarta',
    ],
    ['subscribe Mars/Olympus_Mons', /"Mars\/Olympus_Mons" is not understood/, undefined],
    ['subscribe 25:00', /"25:00" is not a time of day: hours go from 00 to 23\. Use 24-hour HH:MM/, undefined],
    ['subscribe digest fri 24:00', /did you mean 00:00/, 'subscribe digest fri 00:00'],
    ['subscribe digest 9:75 Asia/Jakarta', /minutes go up to 59/, 'subscribe digest 09:59 Asia/Jakarta'],
    ['subscribe 13pm', /with am\/pm the hour is 1 to 12 \(did you mean 13:00\?\)/, undefined],
    ['subscribe weekli', /"weekli" is not a subscribe option\. Did you mean weekly\?/, 'subscribe weekly'],
    ['subscribe mnday', /Did you mean monday\?/, 'subscribe monday'],
    ['subscribe digest potato', /"potato" is not understood/, undefined],
    ['subscribe daily fri', /A weekday only applies to weekly digests/, undefined],
    ['subscribe daily weekly', /Two cadences given \("daily" and "weekly"\)/, undefined],
    ['subscribe mon fri', /Two weekdays given \("mon" and "fri"\)/, undefined],
    ['subscribe 9:00 10:00', /Two times given/, undefined],
    [
      'subscribe UTC+8',
      /fixed offset or an abbreviation, not a time zone.*nearest IANA time zone: Asia\/Singapore or Asia\/Shanghai\.$/,
      'subscribe Asia/Singapore',
    ],
    // Fixed-offset and abbreviated names get the same hint as an offset, with the zone they stand for.
    [
      'subscribe +08:00',
      /fixed offset or an abbreviation.*Asia\/Singapore or Asia\/Shanghai/,
      'subscribe Asia/Singapore',
    ],
    ['subscribe EST', /"EST" is a fixed offset or an abbreviation.*America\/New_York\.$/, 'subscribe America/New_York'],
    [
      'subscribe digest PST',
      /"PST" is a fixed offset or an abbreviation.*America\/Los_Angeles\.$/,
      'subscribe digest America/Los_Angeles',
    ],
    [
      'subscribe Etc/GMT-8',
      /"Etc\/GMT-8" is a fixed offset.*Asia\/Singapore or Asia\/Shanghai/,
      'subscribe Asia/Shanghai',
    ],
    ['subscribe Etc/GMT+5', /"Etc\/GMT\+5" is a fixed offset.*America\/New_York\.$/, 'subscribe America/New_York'],
    ['subscribe gmt+5:30', /fixed offset.*Asia\/Kolkata\.$/, 'subscribe Asia/Kolkata'],
    ['subscribe SGT', /"SGT" is a fixed offset.*Asia\/Singapore\.$/, 'subscribe Asia/Singapore'],
    ['subscribe CST6CDT', /fixed offset.*America\/Chicago\.$/, 'subscribe America/Chicago'],
    ['subscribe +06:15', /fixed offset.*Asia\/Dhaka or Asia\/Yangon|fixed offset.*Asia\/Dhaka\.$/, undefined],
    ['subscribe constructor', /"constructor" is not understood/, undefined],
    ['unsubscribe digets', /Did you mean digest\?/, 'unsubscribe digest'],
    // A button runs the whole command again with only the mistaken word replaced.
    [
      'subscribe digest fri 17:30 Asia/Jakata',
      /Did you mean Asia\/Jakarta\?/,
      'subscribe digest fri 17:30 Asia/Jakarta',
    ],
    ['subscribe digest weekli fri 17:30', /Did you mean weekly\?/, 'subscribe digest weekly fri 17:30'],
    ['unsubscribe alerts digets', /Did you mean digest\?/, 'unsubscribe alerts digest'],
    ['unsubscribe everything else', /"else" is not something you can unsubscribe from/, undefined],
  ])('%j', (input, problem, suggestion) => {
    const h = hintOf(input);
    const first = h.blocks[0];
    expect(first.type === 'text' && first.tone).toBe('warning');
    expect(first.type === 'text' && first.text).toMatch(problem);
    expect(h.summary).toMatch(problem);
    const buttons = h.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));
    if (suggestion) expect(buttons).toContain(suggestion);
    // Every suggested button is itself a valid command.
    for (const command of buttons) expect(parseCommand(command).ok).toBe(true);
  });

  it('hints for subscribe include the usage line', () => {
    expect(toPlainText(hintOf('subscribe 25:00'))).toContain(
      'Usage: subscribe [digest|reminders|alerts|all] [daily|weekly]',
    );
  });
});

describe('robust to what platforms and people send', () => {
  it('Slack escapes and entities are decoded to plain words, never kept as mention markup', () => {
    expect(normalizeInput('party &lt;@U123ABC|ann&gt;')).toBe(
      'party <@U123ABC|ann>'.replace(/<@U123ABC\|ann>/, '@ann'),
    );
    expect(normalizeInput('party <@U123ABC>')).toBe('party @U123ABC');
    expect(normalizeInput('party <!channel> <!here> <!subteam^S1|devs>')).toBe('party @channel @here @devs');
    expect(normalizeInput('area <#C1|general> <https://x.example|link>')).toBe('area #general link');
    expect(normalizeInput('tom &amp; jerry')).toBe('tom & jerry');
  });

  it('user text echoed in a hint has no mention markup, control characters or unbounded length', () => {
    const nasty = `<!channel>\u0007\u202e${'x'.repeat(200)}`;
    const h = hintOf(nasty);
    const plain = toPlainText(h);
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/<!|<@|[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(plain.split('\n')[0].length).toBeLessThan(80);
    expect(toPlainText(hintOf('subscribe <@U999> daily'))).not.toContain('<@');
  });

  it('control characters and zero-width spaces between words do not break parsing', () => {
    expect(ok('sta\u200btus'.replace('\u200b', '') + '\u0000')).toEqual({ name: 'status' });
    expect(ok('party\u00a0\u00a0vn\r\n')).toEqual({ name: 'party', query: 'vn' });
    expect(ok('\tnext\t14\t')).toEqual({ name: 'next', days: 14 });
  });

  it('emoji are just unknown text', () => {
    expect(toPlainText(hintOf('🎉'))).toContain('Unknown command "🎉"');
    expect(ok('party 🇻🇳')).toEqual({ name: 'party', query: '🇻🇳' });
    expect(toPlainText(hintOf('subscribe 🕘'))).toContain('"🕘" is not understood');
  });

  it('very long input gets a hint, not a parse', () => {
    const h = hintOf(`party ${'a'.repeat(5000)}`);
    expect(h.summary).toMatch(/too long for a command \(5006 characters; the limit is 300\)/);
  });
});

describe('time and zone helpers', () => {
  it.each([
    ['9', '09:00'],
    ['09', '09:00'],
    ['9:05', '09:05'],
    ['21:00', '21:00'],
    ['0:00', '00:00'],
    ['11:59pm', '23:59'],
    ['1PM', '13:00'],
    ['7 a.m.', '07:00'],
  ])('parseTimeOfDay(%s) = %s', (input, time) => expect(parseTimeOfDay(input)).toEqual({ ok: true, time }));
  it.each(['25:00', '9:60', '0am', '13am', 'nine', '9::30', '123456'])('parseTimeOfDay(%s) fails', (input) => {
    expect(parseTimeOfDay(input).ok).toBe(false);
  });
  it('suggests zones for typos in the region or the city', () => {
    expect(suggestZones('Asia/Jakata')).toContain('Asia/Jakarta');
    expect(suggestZones('Europe/Londn')[0]).toBe('Europe/London');
    expect(suggestZones('Singapure')).toContain('Asia/Singapore');
    expect(suggestZones('qqqqqqqq')).toEqual([]);
  });
});
