/**
 * Reference: the smallest Bolt app that answers /cafta with a fixed text (signature checked by
 * Bolt's HTTPReceiver, as in our server). Prints its port.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret',
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
});
const app = new App({
  receiver,
  token: 'xoxb-bench',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : undefined,
});
app.command('/cafta', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'CAFTA 3.0: 0 of 11 parties have ratified.' });
});
void app;
const server = createServer(receiver.requestListener);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
