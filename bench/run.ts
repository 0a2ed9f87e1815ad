/**
 * `npm run bench [slash|teams|fanout|store|startup|web …]`: runs the benchmarks (all by default),
 * prints a table for each and a summary of the targets met and missed. Not part of `npm test`.
 * Exit code 0 even when a target is missed: figures are information, not a gate.
 */
import { cpus, loadavg } from 'node:os';
import { runSlash } from './slash';
import { runTeams } from './teams';
import { runFanout } from './fanout';
import { runStartup } from './startup';
import { runStore } from './store';
import { runWeb } from './web';
import { printTable } from './lib/stats';
import { benchOptionsFromEnv, type BenchOptions, type TargetResult } from './lib/targets';

const BENCHES: Record<string, (opts: BenchOptions) => Promise<TargetResult[]>> = {
  slash: runSlash,
  teams: runTeams,
  fanout: runFanout,
  store: runStore,
  startup: runStartup,
  web: runWeb,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const names = asked.length > 0 ? asked : Object.keys(BENCHES);
  const opts = benchOptionsFromEnv(process.env);
  // The machine may be shared: its load before the run says how much the absolute figures can be trusted.
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  console.log(
    `CAFTA bot benchmarks: ${names.join(', ')} | node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${load} (1 / 5 / 15 min) before the run`,
  );
  const results: TargetResult[] = [];
  for (const name of names) {
    try {
      results.push(...(await BENCHES[name](opts)));
    } catch (err) {
      console.error(`\n${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      results.push({ bench: name, target: 'ran', measured: 'benchmark failed (see above)', ok: false });
    }
  }
  printTable(
    'Summary of targets',
    results.map((r) => ({
      bench: r.bench,
      target: r.target,
      measured: r.measured,
      result: r.ok === null ? (r.figure ? 'figure' : 'skipped') : r.ok ? 'met' : 'MISSED',
    })),
  );
  const met = results.filter((r) => r.ok === true).length;
  const missed = results.filter((r) => r.ok === false).length;
  const figures = results.filter((r) => r.ok === null && r.figure).length;
  const skipped = results.filter((r) => r.ok === null && !r.figure).length;
  console.log(`\n${met} targets met, ${missed} missed, ${skipped} skipped; ${figures} figures without a target`);
  console.log(
    `load average after the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
