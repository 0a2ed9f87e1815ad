/**
 * Socket Mode (SLACK_APP_TOKEN): no HTTP route; adapter.start() opens a connection via
 * apps.connections.open on the fake API, and a slash command envelope arriving over the
 * WebSocket is acked with the Block Kit answer. `ws` is the WebSocket library Bolt's socket
 * client itself uses.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { Server as WebSocketServer } from 'ws';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { startSlackApp } from './support/slack-request';

let fake: FakeSlack;
let wss: WebSocketServer;
let ctx: Awaited<ReturnType<typeof startSlackApp>>;
const socketReady = new Promise<WebSocket>((resolve) => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
    resolve(socket);
  });
});

beforeAll(async () => {
  fake = await startFakeSlack();
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  fake.script('apps.connections.open', { body: { ok: true, url } }, { body: { ok: true, url } });
  ctx = await startSlackApp({
    SLACK_BOT_TOKEN: 'xoxb-socket-bot',
    SLACK_APP_TOKEN: 'xapp-1-socket-app',
    SLACK_API_URL: fake.apiUrl,
  });
});
afterAll(async () => {
  // Stopping sends a close frame; the closing handshake must finish (the server's socket closes),
  // or the client keeps a 30-second handshake timer that holds the test process open.
  const socket = await socketReady;
  const closed = new Promise((resolve) => socket.once('close', resolve));
  await ctx.app.stop();
  await closed;
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await fake.close();
});

describe('Slack Socket Mode', () => {
  it('is reported, and serves no HTTP route', async () => {
    const health = (await (await fetch(`${ctx.app.url}/healthz`)).json()) as {
      adapters: { slack: { detail: string } };
    };
    expect(health.adapters.slack.detail).toBe('single workspace (bot token), Socket Mode');
    expect((await fetch(ctx.events, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('connected with the app token through apps.connections.open', async () => {
    await socketReady;
    const [open] = fake.callsTo('apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-1-socket-app');
  });

  it('acks a slash command envelope with the answer', async () => {
    const socket = await socketReady;
    const reply = new Promise<{ envelope_id: string; payload?: { response_type?: string; blocks?: unknown[] } }>(
      (resolve) => {
        socket.on('message', (data) => resolve(JSON.parse(String(data))));
      },
    );
    socket.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'legacy',
          team_id: 'T0001',
          team_domain: 'test',
          channel_id: 'C0001',
          channel_name: 'general',
          user_id: 'U0001',
          user_name: 'someone',
          command: '/cafta',
          text: 'subscriptions',
          api_app_id: 'A0001',
          response_url: 'http://127.0.0.1:9/unused',
          trigger_id: '1.2.3',
        },
      }),
    );
    const ack = await reply;
    expect(ack.envelope_id).toBe('env-1');
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(ack.payload?.blocks?.length).toBeGreaterThan(0);
  });

  it('never logs the app token or bot token', () => {
    const logs = JSON.stringify(ctx.logger.lines);
    expect(logs).not.toContain('xapp-1-socket-app');
    expect(logs).not.toContain('xoxb-socket-bot');
  });
});
