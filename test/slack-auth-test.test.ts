/**
 * Single-workspace authorization: the bot token is verified (auth.test) on the first request,
 * not at start, and an unreachable or refusing Slack never crashes the process or loses the answer.
 */
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { postSigned, SECRET, slashBody, startSlackApp } from './support/slack-request';
import { waitFor } from './support/wait-for';

let fake: FakeSlack;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close().catch(() => undefined);
});

it('does not call auth.test at start; a failing auth.test still answers and is retried next time', async () => {
  const ctx = await startSlackApp({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-single-token',
    SLACK_API_URL: fake.apiUrl,
  });
  try {
    // Had the start called auth.test, the counts below (1, 2, then still 2) would be off by one.
    expect(fake.callsTo('auth.test')).toHaveLength(0);

    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const first = await postSigned(ctx.events, slashBody('status'));
    expect(first.status).toBe(200);
    expect(first.text).toContain('Viet Nam');
    expect(fake.callsTo('auth.test')).toHaveLength(1);

    const second = await postSigned(ctx.events, slashBody('areas'));
    expect(second.status).toBe(200);
    expect(second.text).toContain('Digital Economy');
    // The failure was not cached: the second request verified the token again, successfully.
    expect(fake.callsTo('auth.test')).toHaveLength(2);

    await postSigned(ctx.events, slashBody('help'));
    expect(fake.callsTo('auth.test')).toHaveLength(2);
  } finally {
    await ctx.app.stop();
  }
});

it('an app built while Slack is unreachable leaves no unhandled rejection behind', async () => {
  const apiUrl = fake.apiUrl;
  await fake.close();
  const ctx = await startSlackApp({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-single-token',
    SLACK_API_URL: apiUrl,
  });
  try {
    const res = await postSigned(ctx.events, slashBody('party vn'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Viet Nam');
    // The failed auth.test is handled (logged); a rejection left unhandled would be reported by
    // the next turn of the event loop.
    await waitFor('the failed auth.test to be logged', () =>
      ctx.logger.lines.some((l) => l.msg === 'slack auth.test failed; answering without bot ids'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  } finally {
    await ctx.app.stop();
  }
});
