/**
 * Teams settings from the environment: the bot's credentials and botbuilder's own
 * BotFrameworkAuthentication settings (sovereign clouds, tests), with the SDK's rules checked at
 * start rather than failing later with a stack trace.
 */
import { CaftaError } from '../../src/infra/errors';
import { opt, type Env } from '../../src/infra/config';

export interface TeamsConfig {
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

export function loadTeamsConfig(env: Env): TeamsConfig {
  const sdkSettings = teamsSdkSettings(env);
  return {
    appId: opt(env, 'MICROSOFT_APP_ID'),
    appPassword: opt(env, 'MICROSOFT_APP_PASSWORD'),
    tenantId: opt(env, 'MICROSOFT_APP_TENANT_ID'),
    appType: opt(env, 'MICROSOFT_APP_TYPE'),
    ...(sdkSettings ? { sdkSettings } : {}),
  };
}
