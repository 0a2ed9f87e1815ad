/**
 * manifest/slack.yaml is a valid Slack app manifest (the published JSON schema) and wires every
 * feature the adapter serves to the one Request URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { schemaPath as vendoredSchema } from './support/schemas';

const root = join(__dirname, '..');
const schemaPath = vendoredSchema('slack', 'slack-app-manifest.v1.0.0.schema.json');

type Manifest = {
  features: {
    slash_commands: Array<{ command: string; url: string; usage_hint?: string }>;
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
};

describe('manifest/slack.yaml', () => {
  const manifest = parse(readFileSync(join(root, 'manifest', 'slack.yaml'), 'utf8')) as Manifest;

  it('finds the official schema (vendored from ../shared/schemas)', () => {
    expect(existsSync(schemaPath)).toBe(true);
  });

  it('validates against the Slack app manifest schema v1.0.0', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    // The schema uses a non-standard "regex" keyword; strict:false lets Ajv ignore it.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema really rejects a broken manifest (the check can fail)', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const broken = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown> & Manifest;
    broken.features.slash_commands[0].command = 'cafta';
    expect(validate(broken)).toBe(false);
  });

  it('routes /cafta, interactivity and events to /slack/events, OAuth to /slack/oauth_redirect', () => {
    const cmd = manifest.features.slash_commands.find((c) => c.command === '/cafta');
    expect(cmd?.url).toBe('https://YOUR-HOST/slack/events');
    expect(cmd?.usage_hint).toContain('status');
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://YOUR-HOST/slack/events',
    });
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
  });

  it('subscribes to the events the adapter handles and enables the Home tab', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks only for the minimal bot scopes and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'chat:write.public',
      'commands',
      'users:read',
    ]);
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });
});
