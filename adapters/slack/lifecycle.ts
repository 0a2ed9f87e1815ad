/**
 * Uninstall and token revocation: forget the installation and every subscription of the
 * workspace, so scheduled delivery never posts with a dead token.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../src/infra/ports';
import type { Store } from '../../src/store/store';
import { installationKey, SLACK_PLATFORM } from './installation-store';

export function registerLifecycle(app: App, deps: { store: Store; logger: Logger }): void {
  const cleanUp = async (teamId: string | undefined, enterpriseId: string | undefined, why: string): Promise<void> => {
    if (!teamId && !enterpriseId) return;
    const key = installationKey({ teamId, enterpriseId });
    if (key) await deps.store.deleteInstallation(SLACK_PLATFORM, key);
    const removed = teamId ? await deps.store.deleteWorkspace(SLACK_PLATFORM, teamId) : 0;
    deps.logger.info('slack workspace cleaned up', {
      team: teamId,
      enterprise: enterpriseId,
      why,
      subscriptionsRemoved: removed,
    });
  };

  // One listener for both events (Bolt runs every listener's matchers on every request).
  app.event(/^(app_uninstalled|tokens_revoked)$/, async ({ event, body, context }) => {
    const b = body as { team_id?: string; enterprise_id?: string };
    const teamId = context.teamId ?? b.team_id;
    const enterpriseId = context.enterpriseId ?? b.enterprise_id;
    if (event.type === 'app_uninstalled') return cleanUp(teamId, enterpriseId, 'app_uninstalled');
    if (event.type !== 'tokens_revoked') return;
    // Only the bot token matters to us; a revoked user token leaves the bot working.
    if (!event.tokens?.bot || event.tokens.bot.length === 0) {
      deps.logger.debug('slack tokens_revoked without a bot token: nothing to clean up');
      return;
    }
    await cleanUp(teamId, enterpriseId, 'tokens_revoked');
  });
}
