/**
 * The whole bot's configuration: the core's settings plus each platform adapter's own.
 */
import { loadConfig, type Config, type Env } from '../src/infra/config';
import { loadSlackConfig, type SlackConfig } from './slack/config';
import { loadTeamsConfig, type TeamsConfig } from './teams/config';

export interface AppConfig extends Config {
  slack: SlackConfig;
  teams: TeamsConfig;
}

/** Reads and validates everything; throws `CaftaError('config_invalid')` naming the variable. */
export function loadAppConfig(env: Env): AppConfig {
  return { ...loadConfig(env), slack: loadSlackConfig(env), teams: loadTeamsConfig(env) };
}
