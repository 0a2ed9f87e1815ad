/**
 * Which Slack mode a configuration selects, and the reason shown (by variable name, never value)
 * when Slack stays off.
 */
import { chooseSlackMode } from '../adapters/slack/index';

describe('chooseSlackMode', () => {
  const table: Array<[string, Record<string, string>, string]> = [
    [
      'nothing set',
      {},
      'off: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET for OAuth)',
    ],
    ['only a signing secret', { signingSecret: 's' }, 'off: SLACK_BOT_TOKEN not set'],
    [
      'only a bot token',
      { botToken: 'xoxb-1' },
      'off: SLACK_SIGNING_SECRET not set (or set SLACK_APP_TOKEN for Socket Mode)',
    ],
    ['secret + token', { signingSecret: 's', botToken: 'xoxb-1' }, 'token'],
    ['token + app token', { botToken: 'xoxb-1', appToken: 'xapp-1' }, 'socket'],
    ['secret + token + app token', { signingSecret: 's', botToken: 'xoxb-1', appToken: 'xapp-1' }, 'socket'],
    ['OAuth trio + secret', { signingSecret: 's', clientId: 'c', clientSecret: 'cs', stateSecret: 'st' }, 'oauth'],
    [
      'OAuth without state secret',
      { signingSecret: 's', clientId: 'c', clientSecret: 'cs' },
      'off: OAuth (multi-workspace) is partly configured: SLACK_STATE_SECRET not set',
    ],
    [
      'OAuth without signing secret',
      { clientId: 'c', clientSecret: 'cs', stateSecret: 'st' },
      'off: OAuth (multi-workspace) is partly configured: SLACK_SIGNING_SECRET not set',
    ],
  ];
  it.each(table)('%s', (_name, slack, expected) => {
    const choice = chooseSlackMode(slack);
    expect(choice.ok ? choice.mode.kind : `off: ${choice.reason}`).toBe(expected);
  });

  it('OAuth plus a bot token and app token notes that both are ignored', () => {
    const choice = chooseSlackMode({
      signingSecret: 's',
      clientId: 'c',
      clientSecret: 'cs',
      stateSecret: 'st',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
    expect(choice.ok && choice.note).toBe(
      'SLACK_BOT_TOKEN ignored: tokens come from installations; SLACK_APP_TOKEN ignored: Socket Mode is for single-workspace apps',
    );
  });

  it('never puts a secret value in the reason', () => {
    const choice = chooseSlackMode({ botToken: 'xoxb-very-secret' });
    expect(JSON.stringify(choice)).not.toContain('xoxb-very-secret');
  });
});
