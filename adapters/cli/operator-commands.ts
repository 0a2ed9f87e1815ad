/**
 * Operator commands of the terminal adapter (not part of the chat grammar): `data check` and
 * `run-due`. Each returns the process exit code.
 */
import { resolve } from 'node:path';
import { checkData, formatProblem } from '../../src/treaty/data';
import { formatDay } from '../../src/treaty/queries';
import { runDueCli, RUN_DUE_USAGE } from './run-due';

export interface OperatorIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

export interface OperatorCommand {
  usage: string;
  run(args: string[], io: OperatorIo): Promise<number>;
}

/** `data check [dir]`: validates CAFTA_DATA_DIR (or `dir`); every problem on its own line; exit 1 on problems. */
async function dataCheck(args: string[], io: OperatorIo): Promise<number> {
  if (args[0] !== 'check' || args.length > 2) {
    io.err(`data: unknown subcommand${args[0] ? ` "${args[0].slice(0, 40)}"` : ''}`);
    io.err(`usage: ${OPERATOR_COMMANDS.data.usage}`);
    return 2;
  }
  const dir = resolve(args[1] ?? io.env.CAFTA_DATA_DIR ?? './data');
  const result = checkData(dir);
  if (!result.ok) {
    io.err(`data check: ${result.problems.length} problem(s) in ${dir}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    return 1;
  }
  const d = result.data;
  const parties = d.parties.filter((p) => p.role === 'party').length;
  io.out(`data check: OK ${dir}`);
  io.out(`  version ${d.version}, as of ${formatDay(d.asOf)}`);
  io.out(
    `  ${parties} parties + ${d.parties.length - parties} non-party, ${d.milestones.length} milestones, ${d.areas.length} areas, ` +
      `${d.events.length} ratification events (checked ${formatDay(d.eventsCheckedOn)}), ${Object.keys(d.sources).length} sources, ` +
      `entry into force: ${d.entryIntoForce.rule.model}`,
  );
  return 0;
}

/**
 * Operator commands by their first word. To add one, add an entry here; `main.ts` dispatches
 * on this map before the chat grammar, and prints every `usage` in the CLI usage text.
 */
export const OPERATOR_COMMANDS: Record<string, OperatorCommand> = {
  data: { usage: 'data check [dir]   validate the treaty data (default CAFTA_DATA_DIR or ./data)', run: dataCheck },
  // Owned by the scheduled-delivery work (adapters/cli/run-due.ts).
  'run-due': {
    usage: RUN_DUE_USAGE.replace(/^usage: cafta /, ''),
    run: (args, io) => runDueCli(args, { env: io.env, out: io.out, err: io.err }),
  },
};
