/**
 * Teams settings from the environment: the bot's credentials and botbuilder's own
 * BotFrameworkAuthentication settings (sovereign clouds, tests), with the SDK's rules checked at
 * start rather than failing later with a stack trace.
 */
import { CaftaError } from '../../src/infra/errors';
import { opt, type Env } from '../../src/infra/config';
import { parseServiceOrigins } from './service-urls';

/**
 * `on`: credentials set, inbound activities authenticated. `off`: CAFTA_TEAMS_AUTH=off, no
 * credentials, local testing only. `disabled`: no MICROSOFT_APP_ID, so /api/messages answers 503.
 */
export type TeamsAuthMode = 'on' | 'off' | 'disabled';

export interface TeamsConfig {
  auth: TeamsAuthMode;
  /** Extra allowed serviceUrl origins (CAFTA_TEAMS_SERVICE_URLS), normalised. */
  serviceOrigins: string[];
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType?: string;
  /**
   * botbuilder's own BotFrameworkAuthentication settings, under the SDK's exact key names
   * (see TEAMS_SDK_SETTING_KEYS); present only when at least one is set. For sovereign clouds
   * and for tests that point inbound auth at a local OpenID provider.
   */
  sdkSettings?: Record<string, string>;
}

/** The SDK's cloud endpoints. Once any is set, botbuilder uses exactly these and ignores ChannelService. */
const TEAMS_SDK_ENDPOINT_KEYS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'OAuthUrl',
] as const;

/** Environment variables passed as-is to botbuilder's ConfigurationBotFrameworkAuthentication. */
export const TEAMS_SDK_SETTING_KEYS = ['ChannelService', ...TEAMS_SDK_ENDPOINT_KEYS, 'ValidateAuthority'] as const;

/** The only ChannelService value botbuilder knows on its own (US Government cloud). */
const US_GOV_CHANNEL_SERVICE = 'https://botframework.azure.us';

/**
 * Reads the SDK settings and rejects combinations botbuilder would fail on later (at start with
 * a stack trace, or on the first message): half a set of endpoints, an unknown ChannelService.
 */
function teamsSdkSettings(env: Env): Record<string, string> | undefined {
  const settings: Record<string, string> = {};
  for (const key of TEAMS_SDK_SETTING_KEYS) {
    const v = opt(env, key);
    if (v !== undefined) settings[key] = v;
  }
  if (Object.keys(settings).length === 0) return undefined;
  const va = settings.ValidateAuthority;
  if (va !== undefined && !/^(true|false)$/.test(va)) {
    throw new CaftaError('config_invalid', `ValidateAuthority must be true or false, got "${va}"`);
  }
  const given = TEAMS_SDK_ENDPOINT_KEYS.filter((k) => settings[k] !== undefined);
  if (given.length > 0) {
    const missing = TEAMS_SDK_ENDPOINT_KEYS.filter((k) => settings[k] === undefined);
    if (missing.length > 0) {
      throw new CaftaError(
        'config_invalid',
        `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, so botbuilder ignores its built-in cloud endpoints: also set ${missing.join(', ')}`,
      );
    }
    const notUrl = TEAMS_SDK_ENDPOINT_KEYS.find((k) => k.endsWith('Url') && !/^https?:\/\/\S+$/i.test(settings[k]));
    if (notUrl) throw new CaftaError('config_invalid', `${notUrl} must be an http(s) URL`);
  } else if (settings.ChannelService !== undefined && settings.ChannelService !== US_GOV_CHANNEL_SERVICE) {
    throw new CaftaError(
      'config_invalid',
      `ChannelService must be ${US_GOV_CHANNEL_SERVICE} (US Government) or empty for public Azure; other clouds need all of ${TEAMS_SDK_ENDPOINT_KEYS.join(', ')}`,
    );
  }
  return settings;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** botbuilder's app types (compared case-insensitively by the SDK). */
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

const invalid = (message: string): CaftaError => new CaftaError('config_invalid', message);

/** CAFTA_TEAMS_AUTH: `off` or `on`; unset means on when an app id is set. */
function authMode(env: Env, appId: string | undefined): TeamsAuthMode {
  const text = opt(env, 'CAFTA_TEAMS_AUTH')?.toLowerCase();
  if (text !== undefined && text !== 'on' && text !== 'off') {
    throw invalid(`CAFTA_TEAMS_AUTH must be "on" or "off", got "${text.slice(0, 40)}"`);
  }
  if (text === 'off') {
    if (appId)
      throw invalid('CAFTA_TEAMS_AUTH=off is for local testing without credentials: unset MICROSOFT_APP_ID too');
    return 'off';
  }
  if (appId) return 'on';
  if (text === 'on') throw invalid('CAFTA_TEAMS_AUTH=on needs MICROSOFT_APP_ID (and its password)');
  return 'disabled';
}

/** The credentials botbuilder needs for the app type, checked now instead of on the first message. */
function checkCredentials(appId: string, password?: string, tenantId?: string, appTypeText?: string): string {
  if (!GUID.test(appId)) {
    throw invalid(
      `MICROSOFT_APP_ID must be a GUID like 12345678-1234-1234-1234-123456789abc, got "${appId.slice(0, 60)}"`,
    );
  }
  const appType = appTypeText ?? 'MultiTenant';
  const known = APP_TYPES.find((t) => t.toLowerCase() === appType.toLowerCase());
  if (!known) throw invalid(`MICROSOFT_APP_TYPE must be one of ${APP_TYPES.join(', ')}, got "${appType.slice(0, 40)}"`);
  if (known !== 'UserAssignedMSI' && !password) {
    throw invalid(`MICROSOFT_APP_PASSWORD is required for a ${known} bot (the client secret of MICROSOFT_APP_ID)`);
  }
  if (known === 'UserAssignedMSI' && password) {
    throw invalid('MICROSOFT_APP_PASSWORD must not be set for a UserAssignedMSI bot (it uses a managed identity)');
  }
  if (known !== 'MultiTenant' && !tenantId) throw invalid(`MICROSOFT_APP_TENANT_ID is required for a ${known} bot`);
  return known;
}

/** Reads and validates the Teams settings; throws `CaftaError('config_invalid')` naming the variable. */
export function loadTeamsConfig(env: Env): TeamsConfig {
  const sdkSettings = teamsSdkSettings(env);
  const appId = opt(env, 'MICROSOFT_APP_ID');
  const appPassword = opt(env, 'MICROSOFT_APP_PASSWORD');
  const tenantId = opt(env, 'MICROSOFT_APP_TENANT_ID');
  const auth = authMode(env, appId);
  const appType = appId ? checkCredentials(appId, appPassword, tenantId, opt(env, 'MICROSOFT_APP_TYPE')) : undefined;
  return {
    auth,
    serviceOrigins: parseServiceOrigins(opt(env, 'CAFTA_TEAMS_SERVICE_URLS')),
    ...(appId ? { appId, appPassword, tenantId, appType } : {}),
    ...(sdkSettings ? { sdkSettings } : {}),
  };
}
