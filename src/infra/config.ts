/**
 * Environment → Config, validated once at start. Nothing else reads `process.env`.
 */
import { isValidZone } from '../delivery/schedule';
import { CaftaError } from './errors';

export interface Config {
  port: number;
  slack: {
    signingSecret?: string;
    botToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  teams: {
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
  };
  databaseUrl?: string;
  dbPath: string;
  dataDir: string;
  defaultZone: string;
  catchupHours: number;
}

type Env = Record<string, string | undefined>;

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
      throw new CaftaError('config_invalid', `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, so botbuilder ignores its built-in cloud endpoints: also set ${missing.join(', ')}`);
    }
    const notUrl = TEAMS_SDK_ENDPOINT_KEYS.find((k) => k.endsWith('Url') && !/^https?:\/\/\S+$/i.test(settings[k]));
    if (notUrl) throw new CaftaError('config_invalid', `${notUrl} must be an http(s) URL`);
  } else if (settings.ChannelService !== undefined && settings.ChannelService !== US_GOV_CHANNEL_SERVICE) {
    throw new CaftaError('config_invalid', `ChannelService must be ${US_GOV_CHANNEL_SERVICE} (US Government) or empty for public Azure; other clouds need all of ${TEAMS_SDK_ENDPOINT_KEYS.join(', ')}`);
  }
  return settings;
}

const opt = (env: Env, key: string): string | undefined => {
  const v = env[key];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** Reads and validates configuration. Throws `CaftaError('config_invalid')` naming the variable. */
export function loadConfig(env: Env): Config {
  const portText = opt(env, 'PORT') ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CaftaError('config_invalid', `PORT must be an integer from 0 to 65535, got "${portText}"`);
  }
  const defaultZone = opt(env, 'CAFTA_DEFAULT_TZ') ?? 'Asia/Singapore';
  if (!isValidZone(defaultZone)) {
    throw new CaftaError('config_invalid', `CAFTA_DEFAULT_TZ must be an IANA time zone such as Asia/Singapore, got "${defaultZone}"`);
  }
  const catchupText = opt(env, 'CAFTA_CATCHUP_HOURS') ?? '24';
  const catchupHours = Number(catchupText);
  if (!Number.isFinite(catchupHours) || catchupHours < 0) {
    throw new CaftaError('config_invalid', `CAFTA_CATCHUP_HOURS must be a number of hours >= 0, got "${catchupText}"`);
  }
  const databaseUrl = opt(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new CaftaError('config_invalid', 'DATABASE_URL must start with postgres:// or postgresql://');
  }
  const sdkSettings = teamsSdkSettings(env);
  return {
    port,
    slack: {
      signingSecret: opt(env, 'SLACK_SIGNING_SECRET'),
      botToken: opt(env, 'SLACK_BOT_TOKEN'),
      clientId: opt(env, 'SLACK_CLIENT_ID'),
      clientSecret: opt(env, 'SLACK_CLIENT_SECRET'),
      stateSecret: opt(env, 'SLACK_STATE_SECRET'),
      appToken: opt(env, 'SLACK_APP_TOKEN'),
      apiUrl: opt(env, 'SLACK_API_URL'),
    },
    teams: {
      appId: opt(env, 'MICROSOFT_APP_ID'),
      appPassword: opt(env, 'MICROSOFT_APP_PASSWORD'),
      tenantId: opt(env, 'MICROSOFT_APP_TENANT_ID'),
      appType: opt(env, 'MICROSOFT_APP_TYPE'),
      ...(sdkSettings ? { sdkSettings } : {}),
    },
    databaseUrl,
    dbPath: opt(env, 'CAFTA_DB_PATH') ?? './var/cafta.db',
    dataDir: opt(env, 'CAFTA_DATA_DIR') ?? './data',
    defaultZone,
    catchupHours,
  };
}

const SECRET_KEYS = /secret|token|password|authorization|signature|client_secret/i;

/**
 * Masks secrets that can hide inside free text (an error message, a URL): connection-string
 * passwords (up to the last "@" before the host, since passwords may contain "@"), Slack tokens
 * (xoxb-, xoxp-, xapp-, rotating xoxe.…) and bearer credentials.
 */
function maskSecrets(text: string): string {
  return text
    .replace(/(\/\/[^:/@\s]*:)\S*@/g, '$1***@')
    .replace(/\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g, '[redacted slack token]')
    .replace(/\bxoxe\.[A-Za-z0-9.-]+/g, '[redacted slack token]')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]');
}

/**
 * Returns a copy safe to log: values under secret-looking keys become "[redacted]", and secrets
 * inside any string (connection-string passwords, Slack tokens, bearer credentials) are masked.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) && v !== undefined ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
