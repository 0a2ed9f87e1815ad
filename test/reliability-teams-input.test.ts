/**
 * Reliability, Teams: the whole server answers the hostile corpus as Teams messages (in a
 * channel with the bot mentioned, and in a personal chat) and malformed activities: never a 5xx,
 * one reply per message, no mention entity or `<at>` markup in what the bot says, no internal
 * error, and /healthz still healthy afterwards.
 */
import { HOSTILE } from './support/hostile-inputs';
import { messageActivity, startTeamsHarness, type Harness, type Scope } from './support/teams-harness';

let h: Harness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const errorsLogged = (): Array<Record<string, unknown>> => h.logger.lines.filter((l) => l.level === 'error');

/** What the bot said that could mention someone: a mention entity or live `<at>` markup. */
const mentionIn = (body: Record<string, unknown>): boolean => {
  const entities = (body.entities as Array<{ type?: string }> | undefined) ?? [];
  return entities.some((e) => e.type === 'mention') || /<at>/i.test(JSON.stringify(body));
};

it.each<[Scope]>([['channel'], ['personal']])(
  `answers ${HOSTILE.length} hostile texts in a %s conversation, one reply each`,
  async (scope) => {
    h.connector.reset();
    const failures: string[] = [];
    for (const text of HOSTILE) {
      const id = h.nextId();
      const res = await h.post(messageActivity({ scope, text, id, serviceUrl: h.connector.url }));
      const label = JSON.stringify(text.slice(0, 40));
      if (res.status >= 300) failures.push(`${label}: HTTP ${res.status}`);
      const replies = h.connector.requests.filter((r) => r.replyToId === id);
      if (replies.length !== 1) failures.push(`${label}: ${replies.length} replies`);
      else if (mentionIn(replies[0].body))
        failures.push(`${label}: reply could mention: ${JSON.stringify(replies[0].body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(errorsLogged()).toEqual([]);
  },
  20_000,
);

it('answers malformed activities without a 5xx', async () => {
  const base = messageActivity({ scope: 'personal', text: 'status', id: 'x', serviceUrl: h.connector.url });
  const raw: Array<[string, string]> = [
    ['broken JSON', '{"type":"message",'],
    ['not an object', '[1,2,3]'],
    ['a string', '"status"'],
    ['empty', ''],
    ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ];
  const shaped: Array<[string, Record<string, unknown>]> = [
    ['text is a number', { ...base, id: 'n1', text: 12345 }],
    ['text is an object', { ...base, id: 'n2', text: { $gt: '' } }],
    ['no conversation', { ...base, id: 'n3', conversation: undefined }],
    ['no from', { ...base, id: 'n4', from: undefined }],
    ['unknown type', { ...base, id: 'n5', type: 'somethingElse' }],
    [
      'button value garbage',
      { ...base, id: 'n6', text: undefined, value: { command: '<!channel>'.repeat(100), x: [null, { y: '\u0000' }] } },
    ],
    ['button value not an object', { ...base, id: 'n7', text: undefined, value: 'status' }],
    [
      'mentions that are not the bot',
      {
        ...base,
        id: 'n8',
        text: '<at>Eve</at> status',
        entities: [{ type: 'mention', text: '<at>Eve</at>', mentioned: { id: '29:eve', name: 'Eve' } }],
      },
    ],
    ['localTimezone garbage', { ...base, id: 'n9', localTimezone: 'Mars/Olympus_Mons\u0000' }],
  ];
  const statuses: Record<string, number> = {};
  for (const [name, body] of raw) statuses[name] = (await h.postRaw(body)).status;
  for (const [name, activity] of shaped) statuses[name] = (await h.post(activity)).status;
  const serverErrors = Object.entries(statuses).filter(([, s]) => s >= 500);
  expect(serverErrors).toEqual([]);
  expect(statuses['broken JSON']).toBeGreaterThanOrEqual(400);
});

it('is healthy afterwards', async () => {
  const res = await fetch(`${h.app.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
});
