/**
 * `npm run profile -- slash | fanout | <file.cpuprofile>`: CPU profiles (`node --cpu-prof`) of
 * the bot under benchmark load, read back over the measured window only (start-up excluded).
 *   slash:  the bot's server and the same-answer Bolt baseline under the slash-command load, one
 *           after the other; CPU per request by module and function, side by side, and the
 *           difference (what the bot spends beyond the baseline).
 *   fanout: the run-due child during a Slack fan-out of 2,000 digests (40 ms API latency); CPU per
 *           delivery by module and function.
 *   <file>: the summary of any profile.
 * Profiles stay in bench/results/profiles/ (git-ignored). BENCH_SECONDS sets the load length.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  callersOf,
  summarize,
  type CallFrame,
  type CpuProfile,
  type ProfileSummary,
  type Share,
} from './lib/cpu-profile';
import { DIST, spawnServer } from './lib/child';
import { requestOnce, runLoad } from './lib/load';
import { printTable } from './lib/stats';
import { botEnv, captureStatus, dataDirs, newFake, status, SECRET, type Setup } from './slash';
import { fanOut, rateOf } from './fanout';

const INTERVAL_US = 250;
/** Functions whose callers the slash report lists: random bytes, HMACs, body parsing, logging. */
const CALLERS: Array<[string, (f: CallFrame) => boolean]> = [
  ['crypto.randomFillSync', (f) => f.functionName === 'randomFillSync'],
  ['crypto.createHmac', (f) => f.functionName === 'createHmac'],
  ['querystring.parse', (f) => f.functionName === 'parse' && f.url === 'node:querystring'],
  ['JSON.parse', (f) => f.functionName === 'parse' && f.url === ''],
  ['JSON.stringify', (f) => f.functionName === 'stringify' && f.url === ''],
  ['logging', (f) => /slack-logger|infra\/logger/.test(f.url) && f.functionName !== ''],
];

const outDir = (): string => {
  const dir = join(DIST, '..', 'bench', 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
};
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
const profFlags = (dir: string, name: string): string[] => [
  '--cpu-prof',
  `--cpu-prof-dir=${dir}`,
  `--cpu-prof-name=${name}.cpuprofile`,
  `--cpu-prof-interval=${INTERVAL_US}`,
];
const readProfile = (file: string): CpuProfile => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const us = (ms: number, n: number): string => (n > 0 ? ((ms * 1000) / n).toFixed(1) : 'n/a');

interface Measured {
  name: string;
  requests: number;
  rps: number;
  summary: ProfileSummary;
  profile: CpuProfile;
  window: [number, number];
}

/** Loads one server (its profile running) and reads the profile over the measured window. */
async function profileServer(
  name: string,
  dir: string,
  start: (nodeArgs: string[]) => ReturnType<typeof spawnServer>,
  expected: string,
  seconds: number,
): Promise<Measured> {
  const server = await start(profFlags(dir, name));
  const url = `http://127.0.0.1:${server.port}`;
  const check = (code: number, body: string): boolean => code === 200 && body === expected;
  let load;
  let window: [number, number];
  try {
    const first = await requestOnce(url, status());
    if (!check(first.status, first.body)) throw new Error(`${name}: wrong first answer: ${first.body.slice(0, 200)}`);
    await runLoad({ url, connections: 10, seconds: 1, make: status, check });
    const from = nowUs();
    load = await runLoad({ url, connections: 10, seconds, make: status, check });
    window = [from, nowUs()];
  } finally {
    await server.stop();
  }
  if (load.errors > 0) throw new Error(`${name}: ${load.errors} wrong answers under load`);
  const profile = readProfile(join(dir, `${name}.cpuprofile`));
  return {
    name,
    requests: load.count,
    rps: load.rps,
    summary: summarize(profile, { fromUs: window[0], toUs: window[1], top: 40 }),
    profile,
    window,
  };
}

function printModules(a: Measured, b: Measured): void {
  const names = new Set([...a.summary.modules, ...b.summary.modules].map((m) => m.name));
  const msOf = (m: Measured, n: string): number => m.summary.modules.find((x) => x.name === n)?.ms ?? 0;
  const rows = [...names]
    .map((n) => {
      const ua = (msOf(a, n) * 1000) / a.requests;
      const ub = (msOf(b, n) * 1000) / b.requests;
      return { n, ua, ub };
    })
    .sort((x, y) => y.ua - y.ub - (x.ua - x.ub))
    .filter((r) => r.ua >= 0.5 || r.ub >= 0.5);
  printTable(
    `CPU per request by module (µs; busy = all but idle), ${a.name} vs ${b.name}, sorted by the difference`,
    rows.map((r) => ({
      module: r.n,
      [`${a.name} µs/req`]: r.ua.toFixed(1),
      [`share of ${a.name}`]: pct((r.ua * a.requests) / 1000 / a.summary.busyMs),
      [`${b.name} µs/req`]: r.ub.toFixed(1),
      'difference µs/req': (r.ua - r.ub).toFixed(1),
    })),
  );
}

function printFunctions(m: Measured, list: Share[], title: string, perLabel = 'req'): void {
  printTable(
    `${m.name}: ${title}`,
    list.map((f) => ({ function: f.name, [`µs/${perLabel}`]: us(f.ms, m.requests), share: pct(f.share) })),
  );
}

async function profileSlash(seconds: number): Promise<void> {
  const dir = outDir();
  const work = mkdtempSync(join(tmpdir(), 'cafta-profile-'));
  const s: Setup = { dir: work, ...dataDirs(work), fakes: [], seq: 0 };
  try {
    const a1 = await captureStatus(s, s.v1);
    const botFake = await newFake(s);
    const boltFake = await newFake(s);
    // Alternating rounds; per server the least disturbed one (lowest CPU per request) is read.
    const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2) || 2);
    const bots: Measured[] = [];
    const bolts: Measured[] = [];
    const loads: string[] = [];
    for (let r = 1; r <= rounds; r += 1) {
      loads.push(loadavg()[0].toFixed(1));
      bots.push(
        await profileServer(
          `bot-${r}`,
          dir,
          (nodeArgs) =>
            spawnServer({
              script: 'adapters/server.js',
              portFrom: 'log',
              env: botEnv(botFake, s.v1, join(work, `bot-${r}.db`)),
              nodeArgs,
            }),
          a1,
          seconds,
        ),
      );
      bolts.push(
        await profileServer(
          `same-answer-bolt-${r}`,
          dir,
          (nodeArgs) =>
            spawnServer({
              script: 'bench/baselines/minimal-bolt.js',
              env: { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: boltFake.apiUrl, ACK_JSON: a1 },
              nodeArgs,
            }),
          a1,
          seconds,
        ),
      );
    }
    // The least disturbed round (lowest CPU per request of the two together), both servers from it.
    const cost = (m: Measured): number => m.summary.busyMs / m.requests;
    let best = 0;
    for (let r = 1; r < rounds; r += 1)
      if (cost(bots[r]) + cost(bolts[r]) < cost(bots[best]) + cost(bolts[best])) best = r;
    const bot = bots[best];
    const bolt = bolts[best];
    console.log(
      `busy µs per request in each round: bot ${bots.map((m) => us(m.summary.busyMs, m.requests)).join(' / ')}; same-answer Bolt ${bolts.map((m) => us(m.summary.busyMs, m.requests)).join(' / ')}; load average at each round ${loads.join(' / ')}; round ${best + 1} is read below`,
    );
    printTable(
      `Slash command under load (10 connections, ${seconds} s measured after 1 s warm-up), profiled every ${INTERVAL_US} µs`,
      [bot, bolt].map((m) => ({
        server: m.name,
        requests: m.requests,
        'req/s (profiling on)': Math.round(m.rps),
        'busy µs/req': us(m.summary.busyMs, m.requests),
        'GC µs/req': us(m.summary.gcMs, m.requests),
        'GC share': pct(m.summary.gcMs / m.summary.busyMs),
        'idle share': pct(1 - m.summary.busyMs / m.summary.totalMs),
      })),
    );
    printModules(bot, bolt);
    for (const m of [bot, bolt]) {
      printFunctions(m, m.summary.selfTop, 'self time per function (top 40)');
      printFunctions(m, m.summary.totalTop, 'total time per function (on the stack; top 40)');
    }
    for (const m of [bot, bolt]) {
      for (const [label, match] of CALLERS) {
        const callers = callersOf(m.profile, match, { fromUs: m.window[0], toUs: m.window[1], depth: 6 });
        printTable(
          `${m.name}: who calls ${label} (µs per request, with what it calls)`,
          callers.slice(0, 8).map((c) => ({ 'µs/req': us(c.ms, m.requests), chain: c.chain })),
        );
      }
    }
    console.log(`\nprofiles: ${dir}`);
  } finally {
    for (const f of s.fakes) await f.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function profileFanout(): Promise<void> {
  const dir = outDir();
  process.env.BENCH_CPU_PROF = dir;
  const run = await fanOut('slack', 2000);
  delete process.env.BENCH_CPU_PROF;
  const file = readdirSync(dir).find((f) => f.startsWith('bench_fanout-worker'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const profile = readProfile(join(dir, file));
  const [from, to] = run.out.windowUs;
  const summary = summarize(profile, { fromUs: from, toUs: to, top: 40 });
  const m: Measured = {
    name: 'run-due',
    requests: run.out.report.sent,
    rps: rateOf(run),
    summary,
    profile,
    window: [from, to],
  };
  console.log(
    `run-due, Slack, 2,000 digests: ${Math.round(rateOf(run))} deliveries/s; busy ${us(summary.busyMs, m.requests)} µs per delivery (${pct(summary.busyMs / summary.totalMs)} of the run), GC ${pct(summary.gcMs / summary.busyMs)} of busy`,
  );
  printTable(
    'CPU per delivery by module',
    summary.modules
      .filter((x) => x.share >= 0.003)
      .map((x) => ({ module: x.name, 'µs/delivery': us(x.ms, m.requests), share: pct(x.share) })),
  );
  printFunctions(m, summary.selfTop, 'self time per function (top 40)', 'delivery');
  printFunctions(m, summary.totalTop, 'total time per function (on the stack; top 40)', 'delivery');
  console.log(`\nprofile: ${join(dir, file)}`);
}

function profileFile(file: string): void {
  const profile = readProfile(file);
  const summary = summarize(profile, { top: 40 });
  console.log(
    `${file}: ${summary.totalMs.toFixed(0)} ms sampled, busy ${summary.busyMs.toFixed(0)} ms, GC ${pct(summary.gcMs / summary.busyMs)} of busy`,
  );
  const rows = (list: Share[]) => list.map((x) => ({ name: x.name, ms: x.ms.toFixed(1), share: pct(x.share) }));
  printTable('modules', rows(summary.modules));
  printTable('self time per function', rows(summary.selfTop));
  printTable('total time per function', rows(summary.totalTop));
}

async function main(): Promise<void> {
  const what = process.argv[2] ?? 'slash';
  const seconds = Number(process.env.BENCH_SECONDS ?? 8) || 8;
  if (what === 'slash') await profileSlash(seconds);
  else if (what === 'fanout') await profileFanout();
  else if (what.endsWith('.cpuprofile')) profileFile(resolve(what));
  else throw new Error(`usage: npm run profile -- slash | fanout | <file.cpuprofile>`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
