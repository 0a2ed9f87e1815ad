/**
 * Baselines for the slash-command benchmark: the smallest honest Bolt app. Bolt's HTTPReceiver
 * checks every request's signature (as Slack requires); the bot token is verified once at start
 * (`app.init()` calls auth.test), so no request costs a Web API call. `convoStore: false`, as in
 * the bot: Bolt's default conversation store is work neither app needs. It acks `/cafta` with
 *   - ACK_JSON unset: a one-line fixed text ("minimal Bolt");
 *   - ACK_JSON set: exactly that JSON, the bot's own `status` answer captured from the running bot
 *     ("same-answer Bolt"), serialised by Bolt per request, as a Bolt app acks an object. (The bot
 *     acks a kept answer already serialised: part of what is measured, not something Bolt offers.)
 * Prints `PORT n` once listening.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXED_ANSWER } from './fixed-answer';

async function main(): Promise<void> {
  const answer: unknown = process.env.ACK_JSON ? JSON.parse(process.env.ACK_JSON) : FIXED_ANSWER;
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret',
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench',
    deferInitialization: true,
    convoStore: false,
    logLevel: LogLevel.ERROR,
    clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : undefined,
  });
  app.command('/cafta', async ({ ack }) => {
    await ack(answer as Parameters<typeof ack>[0]);
  });
  await app.init();
  const server = createServer(receiver.requestListener);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
  // A clean exit on SIGTERM, so `--cpu-prof` writes its profile.
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
