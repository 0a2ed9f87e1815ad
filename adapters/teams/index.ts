/** STUB — replaced by the Teams adapter work. */
import { disabledAdapter, type AdapterDeps, type PlatformAdapter } from '../platform';

export async function createTeamsAdapter(deps: AdapterDeps): Promise<PlatformAdapter> {
  void deps;
  return disabledAdapter('teams', 'not built yet');
}
