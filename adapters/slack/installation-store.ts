/**
 * Bolt's InstallationStore backed by our Store, so OAuth installs survive restarts and are shared
 * by every replica. Records live under platform `slack`, keyed by team id (or `enterprise:<id>`
 * for org-wide installs).
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock } from '../../src/infra/ports';
import type { Store } from '../../src/store/store';

export const SLACK_PLATFORM = 'slack';

export const installationKey = (q: {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}): string | null =>
  q.isEnterpriseInstall && q.enterpriseId
    ? `enterprise:${q.enterpriseId}`
    : (q.teamId ?? (q.enterpriseId ? `enterprise:${q.enterpriseId}` : null));

export function createStoreInstallationStore(store: Store, clock: Clock): InstallationStore {
  return {
    async storeInstallation(installation: Installation): Promise<void> {
      const key = installationKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      if (!key) throw new Error('installation has neither a team nor an enterprise id');
      await store.saveInstallation(SLACK_PLATFORM, key, installation, clock());
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
      const key = installationKey(query);
      const found = key ? await store.getInstallation(SLACK_PLATFORM, key) : null;
      // Bolt turns this into an AuthorizationError: the request is answered 401, nothing runs.
      if (!found) throw new Error(`no Slack installation for ${key ?? 'unknown workspace'}`);
      return found as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
      const key = installationKey(query);
      if (key) await store.deleteInstallation(SLACK_PLATFORM, key);
    },
  };
}

/** The bot token of an installed workspace, or null when it is not (or no longer) installed. */
export async function installedBotToken(store: Store, teamId: string, enterpriseId?: string): Promise<string | null> {
  for (const key of [teamId, enterpriseId ? `enterprise:${enterpriseId}` : null]) {
    if (!key) continue;
    const found = (await store.getInstallation(SLACK_PLATFORM, key)) as { bot?: { token?: string } } | null;
    if (found?.bot?.token) return found.bot.token;
  }
  return null;
}
