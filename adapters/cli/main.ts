/**
 * Terminal adapter: `npm run --silent cafta -- <command>`. Same grammar as `/cafta`, rendered as
 * plain text, plus operator commands (`data check`, `run-due`). Exit codes: 0 answered,
 * 1 could not run (bad config or data, store down), 2 usage error (unknown command, bad option,
 * an out-of-range number such as `area 10` or `next 400`); a lookup miss ("did you mean") is answered: 0.
 */
import 'dotenv/config';
import { isValidZone } from '../../src/delivery/schedule';
import { CHANNEL_COMMANDS } from '../../src/commands/index';
import { receive, understand } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import type { Message } from '../../src/text/message';
import { loadConfig, type Config } from '../../src/infra/config';
import { loadData } from '../../src/treaty/data';
import { CaftaError, isCaftaError } from '../../src/infra/errors';
import { createLogger } from '../../src/infra/logger';
import { systemClock, type Clock, type Logger } from '../../src/infra/ports';
import { createStore } from '../../src/store/index';
import type { Store } from '../../src/store/store';
import { routeConsoleTo } from '../console-bridge';
import { loadWebConfig, type WebConfig } from '../config';
import { DEFAULT_LANG, resolveLang, type Lang } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import { commandWord } from '../../src/commands/vocabulary';
import { readerLang } from '../../src/commands/receive';
import { withTypedHelp } from '../../src/commands/usage';
import { OPERATOR_COMMANDS } from './operator-commands';
import { toTerminalText } from './render';
import { TERMINAL_PLATFORM } from './terminal-adapter';
import { LANG_CHOICES, terminalLang } from './terminal-lang';

/** Where terminal subscriptions live: one local "channel". */
export const CLI_CHANNEL = {
  platform: TERMINAL_PLATFORM,
  workspace: 'local',
  channel: 'terminal',
  address: { kind: 'terminal' },
};

export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  clock?: Clock;
  logger?: Logger;
  /** Terminal width for wrapping. */
  width?: number;
  /** Aborted when the process is asked to stop; `run-due` then stops gracefully. */
  stop?: AbortSignal;
}

const PREFIX = 'cafta ';

/**
 * Usage on stderr after a usage error. The chat commands are listed in the user's language; the
 * operator commands (run-due, data …) are for maintainers and stay English.
 */
export function cliUsage(lang: Lang = DEFAULT_LANG): string {
  const tx = textsFor(lang);
  return [
    tx.t('cli.usage', { help: commandWord(lang, 'help') }),
    ...Object.values(OPERATOR_COMMANDS).map((c) => `  operator: ${c.usage}`),
  ].join('\n');
}

/**
 * A Store that refuses every call. Information commands never need the store, so the terminal
 * opens the database only for subscription commands (no file is created by `cafta status`).
 */
const unopenedStore = new Proxy({} as Store, {
  get(_target, prop) {
    if (prop === 'then') return undefined;
    throw new CaftaError('internal', `store used by a command that was not expected to need it (${String(prop)})`);
  },
});

function userZone(env: CliIo['env']): string | undefined {
  const tz = env.TZ;
  return tz && isValidZone(tz) ? tz : undefined;
}

/** Runs one CLI invocation; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const operator =
    argv.length > 0 && Object.prototype.hasOwnProperty.call(OPERATOR_COMMANDS, argv[0])
      ? OPERATOR_COMMANDS[argv[0]]
      : undefined;
  if (operator) {
    return operator.run(argv.slice(1), { env: io.env, out: io.out, err: io.err, now: io.clock, stop: io.stop });
  }

  const chosen = terminalLang(argv, io.env);
  // Before the configuration is read: CAFTA_DEFAULT_LANG as given, else English.
  const fallback = resolveLang(io.env.CAFTA_DEFAULT_LANG) ?? DEFAULT_LANG;
  if (!chosen.ok) {
    io.err(
      textsFor(fallback).t('cli.badLang', { variable: chosen.variable, value: chosen.value, langs: LANG_CHOICES }),
    );
    return chosen.variable === '--lang' ? 2 : 1;
  }
  const asker = { lang: chosen.lang, langExplicit: chosen.explicit };
  const request = understand(chosen.argv.join(' '));
  const render = (msg: Message): string => toTerminalText(msg, { width: io.width, commandPrefix: PREFIX });
  if (!request.ok) {
    const lang = readerLang(request, asker, { defaultLang: fallback });
    io.err(render(withTypedHelp({ ...request.hint(lang), lang }, PREFIX, lang)));
    io.err('');
    io.err(cliUsage(lang));
    return 2;
  }

  let config: Config;
  let web: WebConfig;
  try {
    config = loadConfig(io.env);
    web = loadWebConfig(io.env);
  } catch (e) {
    io.err(`cafta: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  let data;
  try {
    data = loadData(config.dataDir);
  } catch (e) {
    io.err(`cafta: ${e instanceof Error ? e.message : String(e)}`);
    io.err('Run "cafta data check" to see every problem.');
    return 1;
  }

  const logger = io.logger ?? createLogger({ level: 'warn', write: (line) => io.err(line) });
  let store: Store | undefined;
  try {
    if (CHANNEL_COMMANDS.has(request.command.name)) {
      store = await createStore(config);
      await store.migrate();
    }
    const deps: CommandDeps = {
      data: () => data,
      store: store ?? unopenedStore,
      clock: io.clock ?? systemClock,
      logger,
      defaultZone: config.defaultZone,
      catchupHours: config.catchupHours,
      defaultLang: config.defaultLang,
      ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}),
    };
    const zone = userZone(io.env);
    const ctx = {
      channel: CLI_CHANNEL,
      user: io.env.USER ?? 'terminal',
      prefix: PREFIX,
      ...(zone ? { userZone: zone } : {}),
      ...(asker.lang ? asker : {}),
    };
    let answered: Message | undefined;
    const answer = await receive(request, ctx, deps, {
      render: (msg) => {
        answered = msg;
        return render(msg);
      },
    });
    // One rule: 0 answered (a "not found, did you mean" too), 2 a malformed command or option.
    if (answered?.problem === 'malformed') {
      io.err(answer);
      io.err('');
      io.err(cliUsage(resolveLang(answered.lang) ?? fallback));
      return 2;
    }
    io.out(answer);
    return 0;
  } catch (e) {
    io.err(`cafta: ${isCaftaError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}

/**
 * SIGTERM/SIGINT: `run-due` stops gracefully (it is given the signal and exits 0 once its claims
 * are released); any other command is short and simply ends (128 + the signal's number).
 */
function stopOnSignals(graceful: boolean): AbortSignal {
  const stop = new AbortController();
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    process.on(signal, () => {
      if (!graceful) process.exit(code);
      stop.abort();
    });
  }
  return stop.signal;
}

if (require.main === module) {
  // Library console output (SDK warnings) as JSON lines on stderr, never mixed into answers.
  routeConsoleTo(createLogger({ level: 'warn' }));
  const stop = stopOnSignals(process.argv[2] === 'run-due');
  runCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    width: process.stdout.isTTY ? Math.min(process.stdout.columns || 100, 120) : 100,
    stop,
  }).then(
    (code) => {
      process.exitCode = code;
      // Stopped: whatever a cut-short send left open (a keep-alive socket) must not hold the exit.
      if (stop.aborted) process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`cafta: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
