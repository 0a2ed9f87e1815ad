/**
 * Signed but malformed Slack payloads (fields Slack normally always sends are missing): each gets
 * a clear answer or a quiet 200, never a stored subscription without an address, never an error.
 */
import { eventBody, form, postSigned, slashBody, type SlackApp, useSingleWorkspaceApp } from './support/slack-request';
import { waitFor } from './support/wait-for';

let ctx: SlackApp;
useSingleWorkspaceApp('xoxb-single-token', (_fake, app) => {
  ctx = app;
});

const errorLines = () => ctx.logger.lines.filter((l) => l.level === 'error');

describe('slash command without team_id / channel_id', () => {
  it.each([
    ['no team_id', slashBody('subscribe', { team_id: '' })],
    ['no channel_id', slashBody('subscribe', { channel_id: '' })],
    [
      'no team, channel or user',
      form({ command: '/cafta', text: 'subscribe daily', response_url: 'http://127.0.0.1:9/unused' }),
    ],
  ])('%s: subscribe answers that it needs a channel and stores nothing', async (_name, body) => {
    const errorsBefore = errorLines().length;
    const res = await postSigned(ctx.events, body);
    expect(res.status).toBe(200);
    const answer = res.json() as { response_type: string; text: string };
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: 'subscribe needs a channel' });
    expect(await ctx.app.store.countSubscriptions()).toBe(0);
    expect(errorLines().slice(errorsBefore)).toEqual([]);
  });

  it('a read-only command still answers', async () => {
    const res = await postSigned(ctx.events, slashBody('status', { team_id: '', channel_id: '' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('ratification status');
  });
});

describe('events with missing fields', () => {
  it('tokens_revoked without a tokens object is ignored without an error and removes nothing', async () => {
    await postSigned(ctx.events, slashBody('subscribe all'));
    expect(await ctx.app.store.countSubscriptions()).toBe(3);
    const errorsBefore = errorLines().length;
    const res = await postSigned(ctx.events, eventBody({ type: 'tokens_revoked', event_ts: '1.1' }), {
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
    // The listener runs after the ack: wait until it has decided (its debug line).
    await waitFor('the tokens_revoked listener to finish', () =>
      ctx.logger.lines.some((l) => /tokens_revoked without a bot token/.test(String(l.msg))),
    );
    expect(errorLines().slice(errorsBefore)).toEqual([]);
    expect(await ctx.app.store.countSubscriptions()).toBe(3);
  });
});

describe("ssl_check (Slack's certificate probe)", () => {
  const probe = (): string => `${slashBody('subscribe', { channel_id: 'CSSL' })}&ssl_check=1`;

  it('is signature-checked like every request: unsigned or forged → 401', async () => {
    const unsigned = await fetch(ctx.events, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: probe(),
    });
    expect(unsigned.status).toBe(401);
    expect((await postSigned(ctx.events, probe(), { secret: 'not-the-secret' })).status).toBe(401);
  });

  it('signed → 200 with an empty body, and the command in it is not run', async () => {
    const res = await postSigned(ctx.events, probe());
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001', channel: 'CSSL' })).toEqual(
      [],
    );
  });
});

describe("app_rate_limited (Slack's notice that it is holding back events)", () => {
  const notice = JSON.stringify({
    token: 'legacy',
    type: 'app_rate_limited',
    team_id: 'T0001',
    minute_rate_limited: 1_518_467_820,
    api_app_id: 'A0001',
  });

  it('is acknowledged with 200 and logged as a warning, not refused as unrecognised', async () => {
    const res = await postSigned(ctx.events, notice, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(ctx.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'slack is rate-limiting this app’s events', team: 'T0001' }),
    );
  });

  it('is signature-checked like every request: forged → 401', async () => {
    const res = await postSigned(ctx.events, notice, { contentType: 'application/json', secret: 'not-the-secret' });
    expect(res.status).toBe(401);
  });
});
