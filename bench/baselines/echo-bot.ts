/**
 * Baselines for the Teams benchmark: a minimal botbuilder bot as botbuilder's samples build it
 * (CloudAdapter, an ActivityHandler, auth off as in local testing, like our bot in the benchmark)
 * answering every message through the connector with a fixed one-line text, or, with ECHO_REPLY
 * (JSON with `summary` and `attachments`), with exactly that: our bot's own status card, captured
 * from our bot (the same-answer baseline). Per message it does what botbuilder does by default
 * and nothing else: no store, no parsing of the text. Prints `PORT n` once listening.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXED_ANSWER } from './fixed-answer';

const fixed = process.env.ECHO_REPLY
  ? (JSON.parse(process.env.ECHO_REPLY) as {
      summary?: string;
      attachments?: Array<{ contentType: string; content: unknown }>;
    })
  : null;
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(fixed ? { type: 'message', ...fixed } : FIXED_ANSWER.text);
      await next();
    });
  }
}
const bot = new EchoBot();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    // CloudAdapter expects an express/restify-like request and response.
    const request = { body, headers: req.headers, method: req.method };
    const response = {
      socket: res.socket,
      header(name: string, value: unknown) {
        res.setHeader(name, String(value));
        return response;
      },
      status(code: number) {
        res.statusCode = code;
        return response;
      },
      send(payload?: unknown) {
        if (payload !== undefined) res.write(typeof payload === 'string' ? payload : JSON.stringify(payload));
        return response;
      },
      end() {
        res.end();
        return response;
      },
    };
    adapter
      .process(request as never, response as never, (ctx) => bot.run(ctx))
      .catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
// A clean exit on SIGTERM, so `--cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));
