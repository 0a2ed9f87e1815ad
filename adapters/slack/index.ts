/**
 * The Slack adapter: picks the mode from the config (single workspace with a bot token, Socket
 * Mode, or multi-workspace OAuth), wires the listeners, and contributes routes and a Sender.
 */
import type { SlackConfig } from './config';
import { disabledAdapter, type AdapterDeps, type PlatformAdapter } from '../platform';
import { registerAppHome } from './app-home';
import { createBoltApp, type SlackMode } from './bolt-app';
import { createStoreInstallationStore, installedBotToken, SLACK_PLATFORM } from './installation-store';
import { registerInteractivity } from './interactivity';
import { registerLifecycle } from './lifecycle';
import { createSlackSender } from './sender';
import { registerSlashCommand } from './slash-command';
import { registerSubscriptionForms, subscriptionFormButtons } from './subscription-forms';
import { createUserInfo } from './user-info';

/** A mode as configured, before the Store-backed installation store is attached. */
type ModeConfig = SlackMode extends infer M ? (M extends SlackMode ? Omit<M, 'installationStore'> : never) : never;

type ModeChoice = { ok: true; mode: ModeConfig; note?: string } | { ok: false; reason: string };

/** Decides the mode, or explains (by variable name) why Slack stays off. Never mentions values. */
export function chooseSlackMode(slack: SlackConfig): ModeChoice {
  const { signingSecret, botToken, clientId, clientSecret, stateSecret, appToken } = slack;
  if (clientId || clientSecret || stateSecret) {
    const missing = Object.entries({
      SLACK_CLIENT_ID: clientId,
      SLACK_CLIENT_SECRET: clientSecret,
      SLACK_STATE_SECRET: stateSecret,
      SLACK_SIGNING_SECRET: signingSecret,
    })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0)
      return { ok: false, reason: `OAuth (multi-workspace) is partly configured: ${missing.join(', ')} not set` };
    const notes = [
      botToken ? 'SLACK_BOT_TOKEN ignored: tokens come from installations' : '',
      appToken ? 'SLACK_APP_TOKEN ignored: Socket Mode is for single-workspace apps' : '',
    ].filter(Boolean);
    return {
      ok: true,
      mode: {
        kind: 'oauth',
        signingSecret: signingSecret ?? '',
        clientId: clientId ?? '',
        clientSecret: clientSecret ?? '',
        stateSecret: stateSecret ?? '',
      },
      note: notes.join('; ') || undefined,
    };
  }
  if (botToken && appToken) return { ok: true, mode: { kind: 'socket', appToken, botToken } };
  if (botToken && signingSecret) return { ok: true, mode: { kind: 'token', signingSecret, botToken } };
  if (botToken) return { ok: false, reason: 'SLACK_SIGNING_SECRET not set (or set SLACK_APP_TOKEN for Socket Mode)' };
  if (signingSecret || appToken) return { ok: false, reason: 'SLACK_BOT_TOKEN not set' };
  return {
    ok: false,
    reason:
      'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET for OAuth)',
  };
}

const DETAIL: Record<SlackMode['kind'], string> = {
  token: 'single workspace (bot token), HTTP at POST /slack/events',
  socket: 'single workspace (bot token), Socket Mode',
  oauth: 'multi-workspace OAuth (/slack/install), HTTP at POST /slack/events',
};

export async function createSlackAdapter(deps: AdapterDeps): Promise<PlatformAdapter> {
  const choice = chooseSlackMode(deps.config.slack);
  if (!choice.ok) return disabledAdapter(SLACK_PLATFORM, choice.reason);
  const installationStore = createStoreInstallationStore(deps.store, deps.clock);
  const mode = { ...choice.mode, installationStore } as SlackMode;

  const bolt = createBoltApp({
    mode,
    apiUrl: deps.config.slack.apiUrl,
    logger: deps.logger,
    clock: deps.clock,
    lang: deps.config.defaultLang,
  });
  const userInfo = createUserInfo(deps.logger);
  registerSlashCommand(bolt.app, { commandDeps: deps.commandDeps, userInfo });
  const forms = { commandDeps: deps.commandDeps, userInfo };
  registerInteractivity(bolt.app, { ...forms, formButtons: subscriptionFormButtons(forms) });
  registerAppHome(bolt.app, deps.commandDeps, userInfo);
  registerSubscriptionForms(bolt.app, forms);
  registerLifecycle(bolt.app, { store: deps.store, logger: deps.logger });
  bolt.app.error(async (err) => {
    deps.logger.error('slack listener error', { error: err.message, code: err.code });
    // Rethrow so the receiver decides the HTTP answer (401 for authorization failures).
    throw err;
  });

  const botToken = mode.kind === 'oauth' ? undefined : mode.botToken;
  const sender = createSlackSender({
    apiUrl: deps.config.slack.apiUrl,
    logger: deps.logger,
    tokenFor: async (teamId, enterpriseId) => botToken ?? installedBotToken(deps.store, teamId, enterpriseId),
  });

  return {
    name: SLACK_PLATFORM,
    enabled: true,
    detail: choice.note ? `${DETAIL[mode.kind]} (${choice.note})` : DETAIL[mode.kind],
    routes: bolt.routes,
    sender,
    start: bolt.start,
    stop: bolt.stop,
  };
}
