/**
 * Builds signed Slack requests (HMAC-SHA256 v0) for HTTP-level tests, with the timestamp taken
 * from the test's fixed clock, and starts the whole app against the fake Slack Web API.
 */
import { FIXTURE_DATA_DIR } from './data-fixture';
import { createHmac } from 'node:crypto';
import { startApp } from '../../adapters/app';
import { loadAppConfig } from '../../adapters/config';
import { createMemoryLogger } from '../../src/infra/logger';
import { startFakeSlack, type FakeSlack } from './fake-slack';

export const NOW = new Date('2026-11-30T03:00:00.000Z');
export const SECRET = 'test-signing-secret';
export const nowSec = (): number => Math.floor(NOW.getTime() / 1000);

export const sign = (secret: string, ts: number, body: string): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

export interface PostOptions {
  secret?: string;
  ts?: number;
  signature?: string;
  contentType?: string;
}

export async function postSigned(
  url: string,
  body: string,
  opts: PostOptions = {},
): Promise<{ status: number; text: string; headers: Headers; json(): unknown }> {
  const ts = opts.ts ?? nowSec();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? sign(opts.secret ?? SECRET, ts, body),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
}

export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

export function slashBody(text: string, over: Record<string, string> = {}): string {
  return form({
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'test',
    channel_id: 'C0001',
    channel_name: 'general',
    user_id: 'U0001',
    user_name: 'someone',
    command: '/cafta',
    text,
    api_app_id: 'A0001',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
    ...over,
  });
}

export function buttonBody(
  actionId: string,
  value: string,
  responseUrl: string,
  over: { team?: string; channel?: string; user?: string } = {},
): string {
  const payload = {
    type: 'block_actions',
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: '1.2.3',
    team: { id: over.team ?? 'T0001', domain: 'test' },
    user: { id: over.user ?? 'U0001', username: 'someone', team_id: over.team ?? 'T0001' },
    channel: { id: over.channel ?? 'C0001', name: 'general' },
    container: { type: 'message', message_ts: '1.1', channel_id: over.channel ?? 'C0001', is_ephemeral: true },
    response_url: responseUrl,
    actions: [buttonAction(actionId, value)],
  };
  return form({ payload: JSON.stringify(payload) });
}

/** One clicked button, as Slack describes it in a block_actions payload. */
const buttonAction = (actionId: string, value: string) => ({
  type: 'button',
  action_id: actionId,
  block_id: 'b1',
  value,
  text: { type: 'plain_text', text: 'x' },
  action_ts: '1.2',
});

export function eventBody(event: Record<string, unknown>, team = 'T0001'): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: nowSec(),
    event,
    authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}

/** The whole bot on port 0 with SQLite in memory, the real data/, a fixed clock and the fake API. */
export async function startSlackApp(env: Record<string, string>) {
  const logger = createMemoryLogger();
  const config = loadAppConfig({
    PORT: '0',
    CAFTA_DB_PATH: ':memory:',
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    CAFTA_DEFAULT_TZ: 'Asia/Singapore',
    ...env,
  });
  const app = await startApp({ config, logger, clock: () => NOW });
  return { app, logger, events: `${app.url}/slack/events` };
}

export type SlackApp = Awaited<ReturnType<typeof startSlackApp>>;

/**
 * Registers beforeAll/afterAll for a suite that talks to one single-workspace bot (bot token
 * mode) and its fake Slack API; `use` receives both once they are up.
 */
export function useSingleWorkspaceApp(botToken: string, use: (fake: FakeSlack, app: SlackApp) => void): void {
  let fake: FakeSlack | undefined;
  let app: SlackApp | undefined;
  beforeAll(async () => {
    fake = await startFakeSlack();
    app = await startSlackApp({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: botToken, SLACK_API_URL: fake.apiUrl });
    use(fake, app);
  });
  afterAll(async () => {
    await app?.app.stop();
    await fake?.close();
  });
}

/** A button click in the App Home (a view, not a message: no channel, no response_url). */
export function homeButtonBody(actionId: string, value: string, over: { team?: string; user?: string } = {}): string {
  const team = over.team ?? 'T0001';
  const payload = {
    type: 'block_actions',
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: '7.8.9',
    team: { id: team, domain: 'test' },
    user: { id: over.user ?? 'U0001', username: 'someone', team_id: team },
    container: { type: 'view', view_id: 'VHOME' },
    view: {
      id: 'VHOME',
      type: 'home',
      team_id: team,
      callback_id: '',
      private_metadata: '',
      blocks: [],
      state: { values: {} },
    },
    actions: [buttonAction(actionId, value)],
  };
  return form({ payload: JSON.stringify(payload) });
}

/** A modal's submission: `values` is `view.state.values`; anything in `view` may be overridden (hostile tests). */
export function viewSubmissionBody(
  values: unknown,
  privateMetadata: unknown,
  over: { team?: string; user?: string; view?: Record<string, unknown>; callbackId?: string } = {},
): string {
  const team = over.team ?? 'T0001';
  const payload = {
    type: 'view_submission',
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: '4.5.6',
    team: { id: team, domain: 'test' },
    user: { id: over.user ?? 'U0001', username: 'someone', team_id: team },
    view: {
      id: 'VMODAL1',
      team_id: team,
      type: 'modal',
      callback_id: over.callbackId ?? 'cafta_subscription',
      private_metadata: privateMetadata,
      state: { values },
      hash: '1.abc',
      ...over.view,
    },
    response_urls: [],
  };
  return form({ payload: JSON.stringify(payload) });
}
