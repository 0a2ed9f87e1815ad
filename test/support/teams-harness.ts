/**
 * Runs the real server (startApp, port 0, SQLite in a temp dir) with a fake Bot Framework
 * connector, and builds Teams activities the way Teams sends them.
 */
import { FIXTURE_DATA_DIR } from './data-fixture';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../adapters/app';
import { loadAppConfig } from '../../adapters/config';
import { createMemoryLogger } from '../../src/infra/logger';
import { startFakeConnector, type FakeConnector } from './fake-connector';

export const FIXED_NOW = new Date('2026-11-30T02:00:00Z');
export const TENANT = 'tenant-1111';
export const BOT = { id: '28:cafta-bot', name: 'CAFTA' };
export const USER = { id: '29:user-1', name: 'Ana', aadObjectId: 'aad-user-1' };

export type Harness = Awaited<ReturnType<typeof startTeamsHarness>>;

/**
 * Without credentials the server runs with CAFTA_TEAMS_AUTH=off, which accepts the loopback fake
 * connector. Tests with auth on pass a function to allow the fake connector's origin explicitly
 * (CAFTA_TEAMS_SERVICE_URLS), as an operator would for a sovereign cloud.
 */
export async function startTeamsHarness(
  env: Record<string, string> | ((connectorUrl: string) => Record<string, string>) = { CAFTA_TEAMS_AUTH: 'off' },
) {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-teams-http-'));
  const connector: FakeConnector = await startFakeConnector();
  const config = loadAppConfig({
    PORT: '0',
    CAFTA_DB_PATH: join(dir, 'cafta.db'),
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    ...(typeof env === 'function' ? env(connector.url) : env),
  });
  const logger = createMemoryLogger();
  const app = await startApp({ config, logger, clock: () => FIXED_NOW });
  let seq = 0;

  /** POSTs a raw body to /api/messages. */
  const postRaw = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const post = (activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
    postRaw(JSON.stringify(activity), headers);

  return {
    app,
    logger,
    connector,
    post,
    postRaw,
    nextId: () => `act-${++seq}`,
    async close() {
      await app.stop();
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Scope = 'personal' | 'groupChat' | 'channel';

export const CONVERSATIONS: Record<Scope, { id: string; conversationType: string; isGroup?: boolean }> = {
  personal: { id: 'a:personal-chat-1', conversationType: 'personal' },
  groupChat: { id: '19:group-chat-1@thread.v2', conversationType: 'groupChat', isGroup: true },
  channel: { id: '19:channel-1@thread.tacv2', conversationType: 'channel', isGroup: true },
};

/** A message activity as Teams sends it; in channels and group chats it mentions the bot. */
export function messageActivity(opts: {
  scope: Scope;
  text?: string;
  value?: unknown;
  id: string;
  serviceUrl: string;
  mention?: boolean;
  localTimezone?: string;
  /** The client's language, as Teams sends it (`zh-CN`, `en-US`). */
  locale?: string;
  conversationId?: string;
}): Record<string, unknown> {
  const conv = CONVERSATIONS[opts.scope];
  const mention = opts.mention ?? opts.scope !== 'personal';
  const atText = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: opts.id,
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    timestamp: FIXED_NOW.toISOString(),
    from: USER,
    recipient: BOT,
    conversation: { ...conv, id: opts.conversationId ?? conv.id, tenantId: TENANT },
    channelData: {
      tenant: { id: TENANT },
      ...(opts.scope === 'channel' ? { team: { id: '19:team-1@thread.tacv2' }, channel: { id: conv.id } } : {}),
    },
    ...(opts.text !== undefined ? { text: mention ? `${atText} ${opts.text}` : opts.text } : {}),
    ...(mention ? { entities: [{ type: 'mention', text: atText, mentioned: BOT }] } : {}),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...(opts.localTimezone ? { localTimezone: opts.localTimezone } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
  };
}

/** conversationUpdate / installationUpdate as Teams sends them on install and removal. */
export function lifecycleActivity(opts: {
  kind: 'membersAdded' | 'membersRemoved' | 'install' | 'uninstall';
  scope: Scope;
  id: string;
  serviceUrl: string;
  locale?: string;
}): Record<string, unknown> {
  const conv = CONVERSATIONS[opts.scope];
  const base = {
    ...(opts.locale ? { locale: opts.locale } : {}),
    id: opts.id,
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: { ...conv, tenantId: TENANT },
    channelData: {
      tenant: { id: TENANT },
      ...(opts.scope === 'channel' ? { team: { id: '19:team-1@thread.tacv2' } } : {}),
    },
  };
  switch (opts.kind) {
    case 'membersAdded':
      return { ...base, type: 'conversationUpdate', membersAdded: [BOT, USER] };
    case 'membersRemoved':
      return { ...base, type: 'conversationUpdate', membersRemoved: [BOT] };
    case 'install':
      return { ...base, type: 'installationUpdate', action: 'add' };
    case 'uninstall':
      return { ...base, type: 'installationUpdate', action: 'remove' };
  }
}

/** The Adaptive Card in a recorded connector request. */
export function cardOf(body: Record<string, unknown>): Record<string, unknown> {
  const attachments = body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no adaptive card in ${JSON.stringify(body).slice(0, 200)}`);
  return card.content;
}
