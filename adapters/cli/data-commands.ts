/**
 * `cafta data …`: the maintainer's commands on the treaty data folder (CAFTA_DATA_DIR).
 *   data check [dir]                       validate; report every problem and inconsistency
 *   data record <kind> <party> <date> …    record a ratification, notification or entry into force
 *   data checked YYYY-MM-DD                sources checked that day, nothing new found
 * Exit codes: 0 done, 1 the data could not be read or written, 2 bad input (nothing written).
 */
import { createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataJsonSchemas } from '../../src/treaty/data-json-schema';
import { keyId, parsePrivateKey, signBundle, verifyBundle } from '../../src/treaty/data-bundle';
import { checkData, formatProblem, readDataFiles, type DataProblem } from '../../src/treaty/data';
import { consistencyProblems } from '../../src/treaty/data-consistency';
import { planChecked, planRecord, RECORD_KINDS, type DataPlan, type RecordInput } from '../../src/treaty/data-record';
import { writeDataFiles } from '../../src/treaty/data-write';
import type { Precision, RatificationKind, TreatyData } from '../../src/treaty/model';
import { formatDay as dayIn } from '../../src/text/format';

// Operator texts (data check, data record) are English: the maintainers' language, not a reader's.
const formatDay = (date: string): string => dayIn('en', date);

export interface DataCommandIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** When a bundle is issued (tests); default the wall clock. */
  now?: () => Date;
}

export const DATA_USAGE = [
  'data check [dir]   validate the treaty data and its consistency (default CAFTA_DATA_DIR or ./data)',
  'data record <ratification|notification|entry-into-force> <party> <YYYY-MM-DD> --source-url URL --source-title TITLE',
  '            [--publisher NAME] [--precision day|month|year] [--checked-on YYYY-MM-DD]',
  'data checked YYYY-MM-DD   sources were checked that day and nothing new was found',
  'data schema [dir]   write the JSON Schemas editors use to <dir>/schema/ (after changing src/treaty/data-schema.ts)',
  'data bundle --out FILE --key PRIVATE_KEY_PEM_FILE   sign CAFTA_DATA_DIR into one bundle for CAFTA_DATA_URL',
].join('\n  ');

const dataDir = (io: DataCommandIo, arg?: string): string => resolve(arg ?? io.env.CAFTA_DATA_DIR ?? './data');

/** `--name value` / `--name=value` options and positionals; unknown or repeated options are errors. */
export function parseOptions(
  args: readonly string[],
  allowed: readonly string[],
): { ok: true; positionals: string[]; options: Record<string, string> } | { ok: false; error: string } {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!allowed.includes(name)) return { ok: false, error: `unknown option "--${name.slice(0, 30)}"` };
    if (name in options) return { ok: false, error: `--${name} given twice` };
    const value = eq > 0 ? a.slice(eq + 1) : args[(i += 1)];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      return { ok: false, error: `--${name} needs a value` };
    options[name] = value;
  }
  return { ok: true, positionals, options };
}

function usageError(io: DataCommandIo, message: string): number {
  io.err(`data: ${message}`);
  io.err(`usage: ${DATA_USAGE}`);
  return 2;
}

function printProblems(io: DataCommandIo, title: string, problems: DataProblem[]): void {
  io.err(title);
  for (const p of problems) io.err(`  ${formatProblem(p)}`);
}

async function check(args: string[], io: DataCommandIo): Promise<number> {
  if (args.length > 1) return usageError(io, 'data check takes at most one folder');
  const dir = dataDir(io, args[0]);
  const result = checkData(dir);
  if (!result.ok) {
    printProblems(io, `data check: ${result.problems.length} problem(s) in ${dir}`, result.problems);
    return 1;
  }
  const d = result.data;
  const inconsistent = consistencyProblems(d);
  if (inconsistent.length > 0) {
    printProblems(io, `data check: ${inconsistent.length} inconsistenc(ies) in ${dir}`, inconsistent);
    return 1;
  }
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

/** Loads the folder for an edit; on problems explains and returns the exit code instead. */
function current(
  io: DataCommandIo,
  dir: string,
): { files: ReturnType<typeof readDataFiles>['files']; data: TreatyData } | number {
  const read = readDataFiles(dir);
  const result = checkData(dir);
  if (!result.ok) {
    printProblems(io, `data: ${dir} does not validate now; fix these first ("data check"):`, result.problems);
    return 1;
  }
  return { files: read.files, data: result.data };
}

/** Writes a plan (or explains why not) and prints what changed. */
function apply(io: DataCommandIo, command: string, dir: string, plan: DataPlan): number {
  if (!plan.ok) {
    io.err(`data: ${plan.error}`);
    io.err('Nothing was written.');
    return 2;
  }
  try {
    writeDataFiles(dir, plan.files);
  } catch (err) {
    io.err(`data: could not write ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  io.out(`data ${command}: ${plan.headline} in ${dir}`);
  for (const line of plan.changes) io.out(`  ${line}`);
  io.out(`  status: ${plan.after.eventsNote}`);
  return 0;
}

async function record(args: string[], io: DataCommandIo): Promise<number> {
  const parsed = parseOptions(args, ['source-url', 'source-title', 'publisher', 'precision', 'checked-on']);
  if (!parsed.ok) return usageError(io, parsed.error);
  const { positionals: pos, options } = parsed;
  if (pos.length < 3) return usageError(io, 'data record needs a kind, a party and a date');
  const kind = pos[0] as RatificationKind;
  if (!RECORD_KINDS.includes(kind)) return usageError(io, `unknown kind "${pos[0].slice(0, 30)}"`);
  if (options['source-url'] === undefined || options['source-title'] === undefined)
    return usageError(io, 'data record needs --source-url URL and --source-title TITLE (every event cites its source)');
  const precision = options.precision;
  if (precision !== undefined && !['day', 'month', 'year'].includes(precision))
    return usageError(io, `--precision must be day, month or year, got "${precision.slice(0, 20)}"`);
  const input: RecordInput = {
    kind,
    // Words between the kind and the date name the party: `record ratification viet nam 2027-03-01`.
    party: pos.slice(1, -1).join(' '),
    date: pos[pos.length - 1],
    sourceUrl: options['source-url'],
    sourceTitle: options['source-title'],
    ...(precision ? { precision: precision as Precision } : {}),
    ...(options.publisher !== undefined ? { publisher: options.publisher } : {}),
    ...(options['checked-on'] !== undefined ? { checkedOn: options['checked-on'] } : {}),
  };
  const dir = dataDir(io);
  const now = current(io, dir);
  if (typeof now === 'number') return now;
  // Contradictions already there would be blamed on this record: say so first.
  const before = consistencyProblems(now.data);
  if (before.length > 0) {
    printProblems(
      io,
      `data: ${dir} is inconsistent now; fix these first ("data check", "data checked YYYY-MM-DD"):`,
      before,
    );
    return 1;
  }
  return apply(io, 'record', dir, planRecord(now, input));
}

async function checked(args: string[], io: DataCommandIo): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('--')) return usageError(io, 'data checked needs one date, YYYY-MM-DD');
  const dir = dataDir(io);
  const now = current(io, dir);
  if (typeof now === 'number') return now;
  // Moving the checks forward is how "an event after checkedOn" is repaired: allowed here.
  return apply(io, 'checked', dir, planChecked(now, args[0]));
}

/** `data schema [dir]`: writes the JSON Schemas editors use into `<dir>/schema/`. */
async function schema(args: string[], io: DataCommandIo): Promise<number> {
  if (args.length > 1) return usageError(io, 'data schema takes at most one folder');
  const dir = join(dataDir(io, args[0]), 'schema');
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(dataJsonSchemas())) writeFileSync(join(dir, name), text);
  } catch (err) {
    io.err(`data schema: could not write ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  io.out(`data schema: wrote ${Object.keys(dataJsonSchemas()).length} JSON Schemas to ${dir}`);
  return 0;
}

/** `data bundle --out FILE --key PEM`: the whole folder, validated and consistent, signed (Ed25519). */
async function bundle(args: string[], io: DataCommandIo): Promise<number> {
  const parsed = parseOptions(args, ['out', 'key']);
  if (!parsed.ok) return usageError(io, parsed.error);
  const { out, key } = parsed.options;
  if (parsed.positionals.length > 0 || !out || !key)
    return usageError(io, 'data bundle needs --out FILE and --key PRIVATE_KEY_PEM_FILE');
  let privateKey;
  try {
    privateKey = parsePrivateKey(readFileSync(key, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    return usageError(io, `--key ${key}: ${why} (an Ed25519 PKCS#8 PEM, e.g. from openssl genpkey -algorithm ed25519)`);
  }
  const dir = dataDir(io);
  const now = current(io, dir);
  if (typeof now === 'number') return now;
  const inconsistent = consistencyProblems(now.data);
  if (inconsistent.length > 0) {
    printProblems(io, `data bundle: ${dir} is inconsistent; not signed:`, inconsistent);
    return 1;
  }
  const text = signBundle(now.files, privateKey, (io.now ?? (() => new Date()))());
  const target = resolve(out);
  try {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (err) {
    io.err(`data bundle: could not write ${target}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const check = verifyBundle(text, [createPublicKey(privateKey)]);
  io.out(`data bundle: ${target}`);
  io.out(
    `  version ${now.data.version}, as of ${formatDay(now.data.asOf)}, issued ${check.ok ? check.bundle.issuedAt : '?'}, ` +
      `key id ${keyId(privateKey)}, ${Buffer.byteLength(text)} bytes, ${Object.keys(now.files).length} files`,
  );
  io.out(
    '  Publish it at CAFTA_DATA_URL (any https host); deployments trusting this key pick it up within CAFTA_DATA_POLL_SECONDS.',
  );
  return 0;
}

const SUBCOMMANDS: Record<string, (args: string[], io: DataCommandIo) => Promise<number>> = {
  check,
  record,
  checked,
  schema,
  bundle,
};

/** `data <subcommand> …`: returns the process exit code. */
export async function runDataCommand(args: string[], io: DataCommandIo): Promise<number> {
  const sub =
    args[0] !== undefined && Object.prototype.hasOwnProperty.call(SUBCOMMANDS, args[0])
      ? SUBCOMMANDS[args[0]]
      : undefined;
  if (!sub) return usageError(io, `unknown subcommand${args[0] ? ` "${args[0].slice(0, 40)}"` : ''}`);
  return sub(args.slice(1), io);
}
