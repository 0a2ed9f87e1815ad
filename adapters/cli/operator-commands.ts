/**
 * Operator commands of the terminal adapter (not part of the chat grammar): `data …` (check,
 * record, checked — see data-commands.ts) and `run-due`. Each returns the process exit code.
 */
import { DATA_USAGE, runDataCommand } from './data-commands';
import { runDueCli, RUN_DUE_USAGE } from './run-due';

export interface OperatorIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** The CLI's clock (tests fix it). */
  now?: () => Date;
  /** Aborted when the process is asked to stop (SIGTERM, SIGINT). */
  stop?: AbortSignal;
}

export interface OperatorCommand {
  usage: string;
  run(args: string[], io: OperatorIo): Promise<number>;
}

/**
 * Operator commands by their first word. To add one, add an entry here; `main.ts` dispatches
 * on this map before the chat grammar, and prints every `usage` in the CLI usage text.
 */
export const OPERATOR_COMMANDS: Record<string, OperatorCommand> = {
  data: { usage: DATA_USAGE, run: runDataCommand },
  // Owned by the scheduled-delivery work (adapters/cli/run-due.ts).
  'run-due': {
    usage: RUN_DUE_USAGE.replace(/^usage: cafta /, ''),
    run: (args, io) => runDueCli(args, { env: io.env, out: io.out, err: io.err, stop: io.stop }),
  },
};
