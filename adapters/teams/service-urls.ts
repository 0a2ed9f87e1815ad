/**
 * Where the Teams adapter may send: every reply and proactive message goes to the `serviceUrl`
 * an activity (or a stored conversation reference) names, with the bot's credentials attached.
 * Trusting that URL blindly is a server-side request forgery, so it is checked against an
 * allowlist of Bot Framework / Teams service hosts, matched on the parsed URL (scheme, host, port),
 * never on a substring.
 */
import { CaftaError } from '../../src/infra/errors';

/**
 * Teams connector hosts, exact names. Sources: Microsoft Teams SDK `CloudEnvironment` presets and
 * its "Service URL Validation" page (microsoft.github.io/teams-sdk/…/service-url-validation);
 * Microsoft 365 Agents SDK `TeamsServiceEndpoints` (publicGlobal, gcc, gccHigh, dod).
 */
export const TEAMS_SERVICE_HOSTS: readonly string[] = [
  'smba.trafficmanager.net', // public cloud (…/amer/, /emea/, /apac/, /teams/ …)
  'smba.onyx.prod.teams.trafficmanager.net', // public cloud
  'smba.infra.gcc.teams.microsoft.com', // US Government Community Cloud (GCC)
  'smba.infra.gov.teams.microsoft.us', // GCC High
  'smba.infra.dod.teams.microsoft.us', // US Department of Defense
  'frontend.botapi.msg.infra.teams.microsoftonline.cn', // China, operated by 21Vianet
];

/**
 * Bot Framework channel service domains (any host under them): Web Chat and Direct Line, e.g.
 * the Azure portal's "Test in Web Chat" (webchat.botframework.com), and the US Government
 * cloud (botbuilder's GovernmentConstants: ChannelService https://botframework.azure.us).
 */
export const BOT_FRAMEWORK_DOMAINS: readonly string[] = ['botframework.com', 'botframework.azure.us'];

/** What the policy allows, and why, for logs and /healthz. */
export interface ServiceUrlPolicy {
  /** True when replies and proactive messages may go to this serviceUrl. */
  allows(serviceUrl: string): boolean;
  /** One line for logs and /healthz. */
  readonly description: string;
}

const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

const parse = (text: string): URL | null => {
  try {
    return new URL(text);
  } catch {
    return null;
  }
};

const isMicrosoftService = (url: URL): boolean => {
  // Default port only: an https URL with an explicit other port is not the service.
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return false;
  const host = url.hostname;
  return TEAMS_SERVICE_HOSTS.includes(host) || BOT_FRAMEWORK_DOMAINS.some((d) => host.endsWith(`.${d}`));
};

/**
 * Parses CAFTA_TEAMS_SERVICE_URLS: comma-separated origins (`https://host[:port]`, nothing after
 * the host). Plain http is accepted only for loopback hosts, since the bot's token would travel
 * in clear text. Throws `CaftaError('config_invalid')` naming the variable.
 */
export function parseServiceOrigins(text: string | undefined, variable = 'CAFTA_TEAMS_SERVICE_URLS'): string[] {
  if (!text) return [];
  const origins: string[] = [];
  for (const item of text.split(',').map((s) => s.trim())) {
    if (!item) continue;
    const url = parse(item);
    const bad = (why: string): CaftaError =>
      new CaftaError(
        'config_invalid',
        `${variable}: "${item.slice(0, 80)}" ${why}; expected origins like https://host[:port]`,
      );
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw bad('is not an http(s) URL');
    if (url.username || url.password) throw bad('carries credentials');
    if (url.pathname !== '/' || url.search || url.hash) throw bad('has a path, query or fragment');
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw bad('uses plain http for a host that is not loopback (the bot token would travel in clear text)');
    }
    origins.push(url.origin);
  }
  return origins;
}

/**
 * The allowlist in force. With inbound auth on: the Teams and Bot Framework hosts above, plus
 * `extraOrigins`. With auth off (local testing): loopback URLs (127.0.0.0/8, ::1, localhost),
 * plus `extraOrigins` — never Microsoft's hosts, which would receive unauthenticated traffic.
 */
export function createServiceUrlPolicy(opts: { authOff: boolean; extraOrigins: readonly string[] }): ServiceUrlPolicy {
  const extra = new Set(opts.extraOrigins);
  const base = opts.authOff ? 'loopback serviceUrls only' : 'Bot Framework / Teams service hosts';
  return {
    description: extra.size > 0 ? `${base} and ${[...extra].join(', ')}` : base,
    allows(serviceUrl) {
      const url = parse(serviceUrl);
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return false;
      if (extra.has(url.origin) && !url.username && !url.password) return true;
      return opts.authOff ? isLoopbackHost(url.hostname) && !url.username && !url.password : isMicrosoftService(url);
    },
  };
}
