/**
 * The whole bot's configuration: the core's settings plus the server's and each platform
 * adapter's own.
 */
import { CaftaError } from '../src/infra/errors';
import { loadConfig, opt, type Config, type Env } from '../src/infra/config';
import { loadSlackConfig, type SlackConfig } from './slack/config';
import { loadTeamsConfig, type TeamsConfig } from './teams/config';

export interface MetricsConfig {
  /** CAFTA_METRICS_TOKEN: when set, GET /metrics requires `Authorization: Bearer <token>`. */
  token?: string;
}

export interface WebConfig {
  /**
   * CAFTA_PUBLIC_URL: where the public status page is reached from outside (no trailing slash).
   * When set, status answers and digests carry the board picture and link buttons.
   */
  publicUrl?: string;
}

export interface AppConfig extends Config {
  slack: SlackConfig;
  teams: TeamsConfig;
  metrics: MetricsConfig;
  web: WebConfig;
}

/** The longest CAFTA_PUBLIC_URL: the links built on it stay within chat apps' URL limits. */
export const MAX_PUBLIC_URL = 2000;

/** CAFTA_PUBLIC_URL must be an absolute http(s) URL without query or fragment (paths are kept). */
export function loadWebConfig(env: Env): WebConfig {
  const raw = opt(env, 'CAFTA_PUBLIC_URL');
  if (raw === undefined) return {};
  const bad = (): CaftaError =>
    new CaftaError(
      'config_invalid',
      `CAFTA_PUBLIC_URL must be an absolute http(s) URL such as https://cafta.example.org, got "${raw.slice(0, 80)}"`,
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad();
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname || url.username || url.password || url.search || url.hash)
    throw bad();
  if (!/^https?:\/\//i.test(raw)) throw bad();
  const publicUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  // Chat links add at most ~60 characters; Slack drops an image or button URL over 3,000.
  if (publicUrl.length > MAX_PUBLIC_URL)
    throw new CaftaError(
      'config_invalid',
      `CAFTA_PUBLIC_URL is ${publicUrl.length} characters: at most ${MAX_PUBLIC_URL}, or chat apps drop its picture and links`,
    );
  return { publicUrl };
}

function loadMetricsConfig(env: Env): MetricsConfig {
  const token = opt(env, 'CAFTA_METRICS_TOKEN');
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    // A bearer token travels in a header: spaces or non-ASCII would never match.
    throw new CaftaError('config_invalid', 'CAFTA_METRICS_TOKEN must be printable ASCII without spaces');
  }
  return token ? { token } : {};
}

/** Reads and validates everything; throws `CaftaError('config_invalid')` naming the variable. */
export function loadAppConfig(env: Env): AppConfig {
  return {
    ...loadConfig(env),
    slack: loadSlackConfig(env),
    teams: loadTeamsConfig(env),
    metrics: loadMetricsConfig(env),
    web: loadWebConfig(env),
  };
}
