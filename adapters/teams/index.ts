/**
 * The Teams adapter: POST /api/messages (Bot Framework activities) and a proactive Sender.
 * Off until it is safe: without MICROSOFT_APP_ID the route answers 503 and nothing is sent;
 * CAFTA_TEAMS_AUTH=off is the explicit switch for local testing without credentials (loopback
 * serviceUrls only). With credentials, inbound auth is on and every reply and proactive message
 * goes only to Bot Framework / Teams service hosts (service-urls.ts).
 */
import { sendJson } from '../http-json';
import type { AdapterDeps, PlatformAdapter } from '../platform';
import { createTeamsBot, PLATFORM } from './bot';
import { createTeamsGateway } from './gateway';
import { createInboundHandler } from './inbound';
import { createTeamsSender } from './sender';
import { createServiceUrlPolicy } from './service-urls';

const DISABLED_REASON =
  'Teams is not configured: MICROSOFT_APP_ID is not set (set CAFTA_TEAMS_AUTH=off only for local testing)';

/** The route stays, so Teams and probes get a clear 503 instead of a 404; nothing else runs. */
function disabledTeamsAdapter(): PlatformAdapter {
  return {
    name: PLATFORM,
    enabled: false,
    detail: DISABLED_REASON,
    routes: [
      {
        method: 'POST',
        path: '/api/messages',
        handler: async (req, res) => {
          req.resume();
          sendJson(res, 503, { error: DISABLED_REASON });
        },
      },
    ],
  };
}

export async function createTeamsAdapter(deps: AdapterDeps): Promise<PlatformAdapter> {
  const { config, logger } = deps;
  const teams = config.teams;
  if (teams.auth === 'disabled') return disabledTeamsAdapter();
  const authOff = teams.auth === 'off';
  const serviceUrls = createServiceUrlPolicy({ authOff, extraOrigins: teams.serviceOrigins });
  if (authOff) {
    logger.warn(
      'TEAMS INBOUND AUTH IS OFF (CAFTA_TEAMS_AUTH=off): /api/messages accepts unauthenticated requests. Local testing only; never expose this server.',
      { adapter: PLATFORM, serviceUrls: serviceUrls.description },
    );
  }
  const gateway = createTeamsGateway({ ...teams, logger });
  const onTurn = createTeamsBot({ store: deps.store, commandDeps: deps.commandDeps, logger });
  return {
    name: PLATFORM,
    enabled: true,
    detail: authOff
      ? `POST /api/messages, auth OFF (CAFTA_TEAMS_AUTH=off, local testing only); ${serviceUrls.description}`
      : `POST /api/messages, Bot Framework auth on; replies to ${serviceUrls.description}`,
    health: { auth: authOff ? 'off' : 'on', serviceUrls: serviceUrls.description },
    routes: [
      {
        method: 'POST',
        path: '/api/messages',
        handler: createInboundHandler({ gateway, serviceUrls, logger, onTurn }),
      },
    ],
    sender: createTeamsSender({ gateway, serviceUrls, logger }),
  };
}
