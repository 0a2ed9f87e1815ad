/**
 * A corpus of hostile command texts for the reliability runs (Slack and Teams): mentions,
 * control characters, very long and emoji-flooded text, RTL overrides, null bytes, broken
 * surrogates, JSON/markup injection, huge numbers, and every command with garbage arguments.
 */

export const COMMANDS = [
  'help',
  'status',
  'party',
  'timeline',
  'milestone',
  'areas',
  'area',
  'next',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'digest',
];

const GARBAGE = [
  '%%%',
  '<!channel>',
  '\u0000',
  '💥'.repeat(60),
  'x'.repeat(3000),
  '--all --all --nope',
  '25:99 Mars/Olympus weekly daily mon sun',
  '-1',
  '0',
  '99999999999999999999',
  '1e308',
  'NaN',
  '../../etc/passwd',
  '<at>CAFTA</at>',
  '\u202Ecn',
  '"; DROP TABLE subscriptions; --',
];

export const HOSTILE: string[] = [
  // Mentions and broadcasts in every form the platforms know.
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0123ABC>',
  '<@W0123ABC|boss>',
  '<!subteam^S0123|@admins>',
  '@channel status',
  '@here @everyone',
  'party <!channel>',
  'milestone <@U0123ABC>',
  '<at>Somebody</at> status',
  '<https://evil.example|click me>',
  '<mailto:a@b.c|x>',
  // Control characters, null bytes, escapes.
  '\u0000',
  'status\u0000\u0000',
  '\u0001\u0007\u001b[31mstatus\u001b[0m',
  'party \u0000cn',
  '\r\n\r\nstatus\r\n',
  '\t\t\v\f',
  // Very long and flooded text.
  'a'.repeat(4500),
  `party ${'b'.repeat(4100)}`,
  `subscribe ${'daily '.repeat(800)}`,
  '😀'.repeat(2500),
  `party ${'🇨🇳'.repeat(700)}`,
  'ﷺ'.repeat(1500),
  `timeline ${'\u0301'.repeat(3000)}`,
  // Bidirectional overrides and invisible characters.
  '\u202Estatus\u202C',
  'party \u202Ecn\u202C',
  '\u200B\u200Bstatus',
  '\u2066help\u2069',
  '\uFEFFstatus',
  // Broken UTF-16 (lone surrogates) and replacement characters.
  '\uD800',
  'party \uDFFF\uD800',
  '\uFFFD\uFFFE\uFFFF',
  'status \uDBFF',
  // Injection attempts.
  '{"text":"<!channel>"}',
  '"},{"type":"section","text":{"type":"mrkdwn","text":"<!channel>"}}',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  'party __proto__',
  'area constructor',
  'milestone toString',
  '<script>alert(1)</script>',
  '*bold* _it_ ~s~ `code` [x](http://e.x)',
  // Numbers.
  'next 99999999999999999999999',
  'next -1',
  'next 1e308',
  'next 0',
  'next 3.5',
  'next Infinity',
  'area 9007199254740993',
  'area -0',
  'area 1e400',
  // Every command with garbage arguments.
  ...COMMANDS.flatMap((c) => GARBAGE.map((g) => `${c} ${g}`)),
];

/** Text that would ping someone if a platform rendered it as markup. */
export const SLACK_PING = /<!channel>|<!here>|<!everyone>|<@[UW][A-Z0-9]+|<!subteam\^/;
