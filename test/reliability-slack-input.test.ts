/**
 * Reliability: the whole server (port 0, real Bolt, real core) answers a corpus of hostile
 * `/cafta` texts and malformed requests: every one answered, never a 5xx, nothing that pings,
 * no internal error, and /healthz still healthy afterwards.
 */
import { understand } from '../src/commands/receive';
import { isBareSubscribe } from '../src/commands/types';
import type { FakeSlack } from './support/fake-slack';
import { HOSTILE, SLACK_PING } from './support/hostile-inputs';
import {
  nowSec,
  postSigned,
  SECRET,
  sign,
  slashBody,
  type SlackApp,
  useSingleWorkspaceApp,
} from './support/slack-request';

let fake: FakeSlack;
let ctx: SlackApp;
useSingleWorkspaceApp('xoxb-rel', (f, c) => {
  fake = f;
  ctx = c;
});

const errorsLogged = (): Array<Record<string, unknown>> => ctx.logger.lines.filter((l) => l.level === 'error');

it(`answers ${HOSTILE.length} hostile slash-command texts, none with a 5xx or a ping`, async () => {
  const failures: string[] = [];
  for (const text of HOSTILE) {
    const opened = fake.callsTo('views.open').length;
    const res = await postSigned(ctx.events, slashBody(text, { response_url: `${fake.respondUrl}/r` }));
    const label = JSON.stringify(text.slice(0, 40));
    if (res.status !== 200) {
      failures.push(`${label}: HTTP ${res.status}`);
      continue;
    }
    // `subscribe` alone (behind invisible characters, say) is answered with the form, not a message.
    const bare = understand(text);
    if (bare.ok && isBareSubscribe(bare.command)) {
      if (res.text !== '') failures.push(`${label}: a message instead of the form`);
      else await fake.waitFor('views.open', opened + 1).catch(() => failures.push(`${label}: no form opened`));
      continue;
    }
    const body = JSON.parse(res.text) as { text?: string; blocks?: unknown[] };
    if (!body.text && !(body.blocks && body.blocks.length > 0)) failures.push(`${label}: empty answer`);
    if (SLACK_PING.test(res.text)) failures.push(`${label}: answer could ping: ${res.text.slice(0, 200)}`);
  }
  expect(failures).toEqual([]);
  // Slow answers went to response_url: those must not ping either.
  for (const call of fake.calls.filter((c) => c.method.startsWith('respond:')))
    expect(call.raw).not.toMatch(SLACK_PING);
  // Every answer came from the core, not from the error boundary or the apology path.
  expect(errorsLogged()).toEqual([]);
}, 20_000);

it('answers malformed requests with a 4xx, never a 5xx', async () => {
  const ts = nowSec();
  const post = async (body: string, headers: Record<string, string>): Promise<number> =>
    (await fetch(ctx.events, { method: 'POST', headers, body })).status;
  const signed = (body: string, contentType = 'application/x-www-form-urlencoded'): Record<string, string> => ({
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': sign(SECRET, ts, body),
  });
  const cases: Array<[string, string, Record<string, string>]> = [
    ['unsigned', slashBody('status'), { 'content-type': 'application/x-www-form-urlencoded' }],
    [
      'stale timestamp',
      slashBody('status'),
      { ...signed(slashBody('status')), 'x-slack-request-timestamp': String(ts - 3600) },
    ],
    [
      'timestamp not a number',
      slashBody('status'),
      { ...signed(slashBody('status')), 'x-slack-request-timestamp': 'soon' },
    ],
    [
      'invalid percent-encoding',
      'text=%FF%FE%C3%28&command=%2Fcafta&team_id=T0001',
      signed('text=%FF%FE%C3%28&command=%2Fcafta&team_id=T0001'),
    ],
    [
      'JSON that is not an event',
      '{"type":"nonsense","x":[1,2,{"y":null}]}',
      signed('{"type":"nonsense","x":[1,2,{"y":null}]}', 'application/json'),
    ],
    ['broken JSON', '{"type":', signed('{"type":', 'application/json')],
    ['payload that is not JSON', 'payload=%7Bnot-json', signed('payload=%7Bnot-json')],
    ['empty body', '', signed('')],
  ];
  const statuses: Record<string, number> = {};
  for (const [name, body, headers] of cases) statuses[name] = await post(body, headers);
  for (const [name, status] of Object.entries(statuses))
    expect({ name, server: status >= 500 }).toEqual({ name, server: false });
  expect(statuses.unsigned).toBe(401);
  // Far larger than any Slack payload: refused before anything parses it.
  const huge = slashBody('x'.repeat(2_000_000));
  expect(await post(huge, signed(huge))).toBe(413);
});

it('is healthy afterwards', async () => {
  const res = await fetch(`${ctx.app.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
});
