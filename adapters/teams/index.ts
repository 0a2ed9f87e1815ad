/**
 * The Teams adapter: POST /api/messages (Bot Framework activities) and a proactive Sender.
 * Always enabled. Without MICROSOFT_APP_ID inbound requests are not authenticated, which is only
 * acceptable for local testing, so that is logged as a warning at start.
 */
import type { AdapterDeps, PlatformAdapter } from '../platform';
import { createTeamsBot, PLATFORM } from './bot';
import { createTeamsGateway } from './gateway';
import type { TeamsGateway } from './types';
import { createTeamsSender } from './sender';

export interface TeamsAdapterOptions {
  /** Replaces the botbuilder gateway (tests of the sender's retry timing). */
  gateway?: TeamsGateway;
  sleep?: (ms: number) => Promise<void>;
}

export async function createTeamsAdapter(deps: AdapterDeps, opts: TeamsAdapterOptions = {}): Promise<PlatformAdapter> {
  const { config, logger } = deps;
  const gateway = opts.gateway ?? createTeamsGateway({ ...config.teams, logger });
  if (!gateway.authEnabled) {
    logger.warn(
      'Teams inbound auth is OFF: MICROSOFT_APP_ID is not set, so /api/messages accepts unauthenticated requests. Use only for local testing.',
      { adapter: PLATFORM },
    );
  }
  const onTurn = createTeamsBot({ store: deps.store, commandDeps: deps.commandDeps, logger });
  return {
    name: PLATFORM,
    enabled: true,
    detail: gateway.authEnabled
      ? 'POST /api/messages, Bot Framework auth on'
      : 'POST /api/messages, auth OFF (no MICROSOFT_APP_ID; local testing only)',
    routes: [{ method: 'POST', path: '/api/messages', handler: (req, res) => gateway.process(req, res, onTurn) }],
    sender: createTeamsSender({ gateway, logger, ...(opts.sleep ? { sleep: opts.sleep } : {}) }),
  };
}
