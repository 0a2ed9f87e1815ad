/**
 * A failed start is one clear line naming the variable to fix, then exit 1, with no stack trace.
 * The real server entry point runs in child processes for one failure of each stage (settings,
 * store, data); every other cause is checked in-process on the same functions the server calls.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../adapters/app';
import { loadAppConfig } from '../adapters/config';
import { openData, openStore, startupFailureLine } from '../adapters/startup';
import { createMemoryLogger } from '../src/infra/logger';
import { connectTimeoutMs } from '../src/store/postgres';
import { copyData, FIXTURE_DATA_DIR } from './support/data-fixture';
import { spawnServer } from './support/server-process';
import { waitFor } from './support/wait-for';

let dir: string;
let blackhole: NetServer;
let blackholePort: number;
let closedPort: number;
const held = new Set<Socket>();

const listenOn = async (server: NetServer): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-startup-'));
  // Accepts connections and never answers: what a firewalled or hung database looks like.
  blackhole = createNetServer((socket) => {
    socket.resume(); // read and ignore the startup message; answer nothing
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  blackholePort = await listenOn(blackhole);
  // A port that was just free: nothing listens there.
  const probe = createNetServer();
  closedPort = await listenOn(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const base = (): Record<string, string> => ({
  PORT: '0',
  HOST: '127.0.0.1',
  CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
  CAFTA_DB_PATH: join(dir, 'var', 'ok.db'),
});

/** The one line a failed start prints, the way server.ts prints it. */
async function failureLine(start: () => unknown): Promise<string> {
  try {
    await start();
  } catch (err) {
    return startupFailureLine(err);
  }
  throw new Error('started, but should have failed');
}

describe('the real server entry point, started wrongly', () => {
  it('prints exactly one JSON line naming the variable, no stack trace, and exits 1', async () => {
    const brokenData = copyData();
    writeFileSync(join(brokenData.dir, 'parties.json'), '{ not json');
    try {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of debug, info, warn, error, got "loud"$/],
        [
          { CAFTA_DATA_DIR: brokenData.dir },
          /^CAFTA_DATA_DIR: data in .* has \d+ problem\(s\): parties\.json: not valid JSON.*\(run "npm run --silent cafta -- data check" to see every problem\)$/,
        ],
        [
          { DATABASE_URL: `postgres://cafta:s3cret-pw@127.0.0.1:${closedPort}/cafta` },
          new RegExp(
            `^DATABASE_URL: cannot use PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/cafta: connection refused$`,
          ),
        ],
      ];
      // Side by side: each child loads the whole server (about 2 s of CPU).
      const runs = cases.map(([env]) => spawnServer({ ...base(), ...env }, dir));
      const exits = await Promise.all(runs.map((r) => r.exited));
      runs.forEach((run, i) => {
        expect(exits[i].code).toBe(1);
        expect(run.stdout()).toBe('');
        const lines = run
          .stderr()
          .split('\n')
          .filter((l) => l !== '');
        expect(lines).toHaveLength(1);
        expect(run.stderr()).not.toMatch(/^\s+at /m);
        expect(JSON.parse(lines[0])).toEqual({
          time: expect.any(String),
          level: 'error',
          msg: expect.stringMatching(cases[i][1]),
        });
        expect(run.stderr()).not.toContain('s3cret-pw');
      });
    } finally {
      brokenData.remove();
    }
  }, 30_000);
});

describe('each cause of a failed start is named in one line', () => {
  it.each<[Record<string, string>, RegExp]>([
    [{ HOST: 'http://example.com' }, /^HOST must be an IP address or host name/],
    [{ PORT: '70000' }, /^PORT must be an integer from 0 to 65535/],
    [{ MICROSOFT_APP_ID: 'my-bot', MICROSOFT_APP_PASSWORD: 'x' }, /^MICROSOFT_APP_ID must be a GUID/],
    [{ CAFTA_TEAMS_SERVICE_URLS: 'http://evil.example' }, /^CAFTA_TEAMS_SERVICE_URLS: /],
    [{ CAFTA_METRICS_TOKEN: 'two words' }, /^CAFTA_METRICS_TOKEN must be printable ASCII without spaces$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres:\/\//],
    [{ CAFTA_PUBLIC_URL: 'cafta.example.org' }, /^CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ CAFTA_PUBLIC_URL: 'ftp://cafta.example.org' }, /^CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ CAFTA_PUBLIC_URL: 'https://cafta.example.org/?x=1' }, /^CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ CAFTA_PUBLIC_URL: 'https://user:pw@cafta.example.org' }, /^CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/],
  ])('settings %j', async (env, line) => {
    expect(await failureLine(() => loadAppConfig({ ...base(), ...env }))).toMatch(line);
  });

  it('CAFTA_DATA_DIR missing, not a folder, or invalid', async () => {
    const logger = createMemoryLogger();
    const plain = join(dir, 'plain-file');
    writeFileSync(plain, 'x');
    expect(await failureLine(() => openData({ dataDir: join(dir, 'none') }, logger))).toMatch(
      /^CAFTA_DATA_DIR: .*\/none does not exist$/,
    );
    expect(await failureLine(() => openData({ dataDir: plain }, logger))).toMatch(
      /^CAFTA_DATA_DIR: .*plain-file is not a folder$/,
    );
    const empty = join(dir, 'empty-data');
    mkdirSync(empty, { recursive: true });
    expect(await failureLine(() => openData({ dataDir: empty }, logger))).toMatch(
      /^CAFTA_DATA_DIR: data in .*empty-data has \d+ problem\(s\): meta\.json: missing file/,
    );
  });

  it('CAFTA_DB_PATH that cannot be created', async () => {
    const plain = join(dir, 'plain-file-2');
    writeFileSync(plain, 'x');
    expect(await failureLine(() => openStore({ dbPath: join(plain, 'cafta.db') }))).toMatch(
      /^CAFTA_DB_PATH: cannot create or open .*plain-file-2\/cafta\.db: a file is in the way of its folder \(EEXIST\)$/,
    );
    expect(await failureLine(() => openStore({ dbPath: dir }))).toMatch(
      /^CAFTA_DB_PATH: cannot create or open .*cafta-startup-\w+: /,
    );
  });

  it('DATABASE_URL refused, or not answering: fails after the connection timeout instead of hanging', async () => {
    expect(
      await failureLine(() => openStore({ dbPath: '', databaseUrl: `postgres://u:pw@127.0.0.1:${closedPort}/db` })),
    ).toBe(`DATABASE_URL: cannot use PostgreSQL at 127.0.0.1:${closedPort}/db: connection refused`);
    const started = Date.now();
    const url = `postgres://cafta@127.0.0.1:${blackholePort}/cafta?connect_timeout=1`;
    expect(await failureLine(() => openStore({ dbPath: '', databaseUrl: url }))).toBe(
      `DATABASE_URL: cannot use PostgreSQL at 127.0.0.1:${blackholePort}/cafta: no answer within 1 s`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitFor('the half-open connection to be closed, not left behind', () => held.size === 0);
  });

  it('the default connection timeout is 10 s (libpq connect_timeout in the URL overrides it)', () => {
    expect(connectTimeoutMs('postgres://h/db')).toBe(10_000);
    expect(connectTimeoutMs('postgres://h/db?connect_timeout=3')).toBe(3_000);
    expect(connectTimeoutMs('postgres://h/db?connect_timeout=0')).toBe(10_000); // never "wait forever"
    expect(connectTimeoutMs('postgres://h/db?connect_timeout=abc')).toBe(10_000);
  });

  it('HOST or PORT the server cannot listen on', async () => {
    const taken = createNetServer();
    const port = await listenOn(taken);
    const config = (env: Record<string, string>) => loadAppConfig({ ...base(), CAFTA_DB_PATH: ':memory:', ...env });
    try {
      const logger = createMemoryLogger();
      expect(await failureLine(() => startApp({ config: config({ PORT: String(port) }), logger }))).toBe(
        `PORT: ${port} is already in use on 127.0.0.1`,
      );
      expect(await failureLine(() => startApp({ config: config({ HOST: '192.0.2.1' }), logger }))).toBe(
        'HOST: 192.0.2.1 is not an address of this machine',
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('anything unexpected is still one line, without a stack', () => {
    const err = Object.assign(new Error('boom\n    at somewhere (file.ts:1:1)'), { code: 'EWHATEVER' });
    expect(startupFailureLine(err)).toBe('startup failed: boom (EWHATEVER)');
  });
});
