/**
 * Slack settings from the environment. Which mode they select (single workspace, Socket Mode,
 * OAuth) and what is missing is decided in `index.ts` (`chooseSlackMode`).
 */
import { opt, type Env } from '../../src/infra/config';

export interface SlackConfig {
  signingSecret?: string;
  botToken?: string;
  clientId?: string;
  clientSecret?: string;
  stateSecret?: string;
  appToken?: string;
  apiUrl?: string;
}

export function loadSlackConfig(env: Env): SlackConfig {
  return {
    signingSecret: opt(env, 'SLACK_SIGNING_SECRET'),
    botToken: opt(env, 'SLACK_BOT_TOKEN'),
    clientId: opt(env, 'SLACK_CLIENT_ID'),
    clientSecret: opt(env, 'SLACK_CLIENT_SECRET'),
    stateSecret: opt(env, 'SLACK_STATE_SECRET'),
    appToken: opt(env, 'SLACK_APP_TOKEN'),
    apiUrl: opt(env, 'SLACK_API_URL'),
  };
}
