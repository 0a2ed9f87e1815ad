/** STUB — replaced by the Slack adapter work. */
import { disabledAdapter, type AdapterDeps, type PlatformAdapter } from '../platform';

export async function createSlackAdapter(deps: AdapterDeps): Promise<PlatformAdapter> {
  void deps;
  return disabledAdapter('slack', 'not built yet');
}
