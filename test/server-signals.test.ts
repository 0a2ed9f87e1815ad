/**
 * Signals: `npm start` leaves no orphan (npm's own process forwards SIGTERM/SIGINT to node, which
 * needs `exec` under dash), and the real server shuts down gracefully on SIGTERM: it stops
 * accepting connections, finishes the request in flight, and exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { spawnServer } from './support/server-process';
import { messageActivity } from './support/teams-harness';
import { waitFor } from './support/wait-for';

const root = join(__dirname, '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-signals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  it('builds in prestart and runs node as the script itself (exec), so npm can signal it', () => {
    expect(scripts.prestart).toBe('npm run --silent build');
    expect(scripts.start).toBe('exec node dist/adapters/server.js');
  });

  /**
   * The real npm and shell run our start script in a scratch package whose "server" only reports
   * its pid and the signal it gets (building and booting the real server here would take 15 s
   * cold; the same check against the real server is in the README, run by hand).
   */
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to npm reaches the server process: npm exits 0, no orphan',
    async (signal) => {
      const pkg = join(dir, `npm-${signal}`);
      mkdirSync(join(pkg, 'dist', 'adapters'), { recursive: true });
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({ name: 'signal-probe', scripts: { start: scripts.start } }),
      );
      writeFileSync(
        join(pkg, 'dist', 'adapters', 'server.js'),
        `for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { console.log('got ' + s); process.exit(0); });
       console.log('ready ' + process.pid); setInterval(() => {}, 1000);`,
      );
      // Its own process group, so the finally below can clean up npm, sh and the probe together.
      const npm = spawn('npm', ['start'], {
        cwd: pkg,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: process.env,
        detached: true,
      });
      let out = '';
      npm.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
      let serverPid = 0;
      try {
        serverPid = await waitFor(
          'the probe server to start',
          () => Number(/ready (\d+)/.exec(out)?.[1]) || false,
          15_000,
        );
        expect(npm.pid).not.toBe(serverPid);
        npm.kill(signal);
        const bounded = new Promise<string>((resolve) =>
          setTimeout(() => resolve('npm still running'), 10_000).unref(),
        );
        expect(await Promise.race([exited, bounded])).toBe(0);
        expect(out).toContain(`got ${signal}`);
        await waitFor('the server process to be gone', () => !alive(serverPid));
      } finally {
        // Never leave a probe behind, whatever failed above.
        if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
        if (npm.exitCode === null && npm.pid) process.kill(-npm.pid, 'SIGKILL');
      }
    },
    30_000,
  );
});

describe('the server on SIGTERM', () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());

  it('stops accepting, finishes the request in flight, closes the store and exits 0', async () => {
    const server = spawnServer(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
        CAFTA_DB_PATH: join(dir, 'server.db'),
        CAFTA_TEAMS_AUTH: 'off',
      },
      dir,
    );
    try {
      const { port } = (await server.waitForLog(/^CAFTA bot listening$/)) as { port: number };
      // A Teams message whose reply takes 1.5 s at the (fake) Teams service: in flight at SIGTERM.
      connector.setLatency(1500);
      const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          messageActivity({ scope: 'personal', text: 'help', id: 'in-flight-1', serviceUrl: connector.url }),
        ),
      });
      await connector.received(1);
      server.child.kill('SIGTERM');
      await server.waitForLog(/^shutting down$/);
      // New connections are refused at once …
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => resolve('connected'));
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      // … while the request in flight still gets its answer.
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.headers.get('connection')).toBe('close');
      const { code, ms } = await server.exited;
      expect(code).toBe(0);
      expect(ms).toBeLessThan(15_000);
      expect(server.stderr()).toMatch(/"msg":"shut down","signal":"SIGTERM"/);
      expect(server.stderr()).not.toMatch(/"level":"error"/);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 30_000);
});
