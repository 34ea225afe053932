/**
 * `npm start` as a user runs it: a child process on the embedded PostgreSQL (or DATABASE_URL),
 * its output, its restart on the same data, its shutdown, and its refusal of bad configuration.
 */
import { jest } from '@jest/globals';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { packageRoot } from '../../api/paths.js';
import { createTestDatabase } from '../helpers/database.js';
import { freePort, processesIn, spawnLastmile, waitForReady } from '../helpers/processes.js';

jest.setTimeout(120_000);

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-start-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function installationId(dataDir: string, dbPort: number): Promise<string> {
  const password = fs.readFileSync(path.join(dataDir, 'secrets', 'db-password'), 'utf8');
  const client = new pg.Client({ host: '127.0.0.1', port: dbPort, user: 'lastmile', password, database: 'lastmile' });
  await client.connect();
  try {
    return (await client.query('SELECT id FROM installation')).rows[0].id;
  } finally {
    await client.end();
  }
}

describe('npm start on the embedded PostgreSQL', () => {
  const dataDir = tempDataDir();
  let firstInstallation: string;

  it('initialises, migrates, serves, prints its URLs, and stops cleanly on SIGTERM', async () => {
    const [port, dbPort] = [await freePort(), await freePort()];
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: dataDir, LASTMILE_DB_PORT: String(dbPort) });
    const readyAfterMs = await waitForReady(`http://localhost:${port}`, lastmile);
    expect(readyAfterMs).toBeLessThan(60_000);
    expect(lastmile.output()).toContain('initialising a new PostgreSQL cluster');
    expect(lastmile.output()).toContain(`UI        http://localhost:${port}/`);
    expect(lastmile.output()).toContain(`Health    http://localhost:${port}/health/ready`);
    expect(processesIn(path.join(dataDir, 'postgres')).length).toBeGreaterThan(0);
    expect(fs.statSync(path.join(dataDir, 'secrets', 'db-password')).mode & 0o077).toBe(0);
    firstInstallation = await installationId(dataDir, dbPort);

    lastmile.child.kill('SIGTERM');
    expect(await lastmile.exited).toBe(0);
    expect(lastmile.output()).toContain('shutdown complete');
    expect(processesIn(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('reuses the same data on a second start', async () => {
    const [port, dbPort] = [await freePort(), await freePort()];
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: dataDir, LASTMILE_DB_PORT: String(dbPort) });
    try {
      await waitForReady(`http://localhost:${port}`, lastmile);
      expect(lastmile.output()).not.toContain('initialising a new PostgreSQL cluster');
      expect(lastmile.output()).not.toContain('applied database migrations');
      expect(await installationId(dataDir, dbPort)).toBe(firstInstallation);
    } finally {
      lastmile.child.kill('SIGTERM');
      expect(await lastmile.exited).toBe(0);
    }
    expect(processesIn(dataDir)).toEqual([]);
  });

  it('drains an in-flight request before stopping', async () => {
    const port = await freePort();
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: dataDir });
    await waitForReady(`http://localhost:${port}`, lastmile);
    // A request whose body is still arriving when the signal comes must still get its answer.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    // The token endpoint is public and reads its form body before it answers.
    const body = 'grant_type=client_credentials&client_id=nobody';
    socket.write(`POST /api/oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 4)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    lastmile.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.write(body.slice(4));
    await new Promise((resolve) => socket.once('end', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain('invalid_client');
    expect(await lastmile.exited).toBe(0);
    expect(processesIn(dataDir)).toEqual([]);
  });

  it('stops everything on Ctrl-C given to `npm start` in a terminal', async () => {
    const port = await freePort();
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: dataDir }, { viaNpm: true });
    await waitForReady(`http://localhost:${port}`, lastmile);
    process.kill(-lastmile.child.pid!, 'SIGINT'); // the whole foreground process group, as a terminal does
    // npm reports the interruption as its own exit by SIGINT, as shells expect; it waits for Lastmile.
    expect([0, 'SIGINT']).toContain(await lastmile.exited);
    expect(lastmile.output()).toContain('shutdown complete');
    expect(lastmile.output()).not.toContain('second signal');
    expect(processesIn(dataDir)).toEqual([]);
  });
});

/** Whether every directory down to the checkout lets others in (then an unprivileged user can run it). */
function checkoutOpenToOthers(): boolean {
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o005) !== 0o005) return false;
    if (path.dirname(dir) === dir) return true;
  }
}

const asRootWithOpenCheckout = process.getuid?.() === 0 && checkoutOpenToOthers();

describe('npm start as an unprivileged user', () => {
  // As root the other tests cover the postgres-user path; this one covers a normal user's start.
  (asRootWithOpenCheckout ? it : it.skip)('starts and stops the embedded PostgreSQL as that user', async () => {
    const nobody = { uid: 65534, gid: 65534 };
    const dataDir = tempDataDir();
    fs.chownSync(dataDir, nobody.uid, nobody.gid);
    const port = await freePort();
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: path.join(dataDir, 'data') }, { user: nobody });
    await waitForReady(`http://localhost:${port}`, lastmile);
    expect(fs.statSync(path.join(dataDir, 'data', 'postgres')).uid).toBe(nobody.uid);
    lastmile.child.kill('SIGTERM');
    expect(await lastmile.exited).toBe(0);
    expect(processesIn(dataDir)).toEqual([]);
  });
});

describe('npm start with DATABASE_URL', () => {
  it('uses that database and starts no embedded server', async () => {
    const dataDir = tempDataDir();
    const databaseUrl = await createTestDatabase({ empty: true });
    const port = await freePort();
    const lastmile = spawnLastmile({ PORT: String(port), LASTMILE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    try {
      await waitForReady(`http://localhost:${port}`, lastmile);
      expect(lastmile.output()).toContain('external PostgreSQL (DATABASE_URL)');
      expect(lastmile.output()).toContain('applied database migrations');
      expect(lastmile.output()).not.toContain(new URL(databaseUrl).password);
      expect(fs.readdirSync(dataDir)).toEqual([]);
      const client = new pg.Client(databaseUrl);
      await client.connect();
      const rows = (await client.query('SELECT count(*)::int AS n FROM installation')).rows;
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      lastmile.child.kill('SIGTERM');
      expect(await lastmile.exited).toBe(0);
    }
  });
});

describe('npm start with bad configuration', () => {
  it.each([
    ['PORT=abc', { PORT: 'abc' }, /^lastmile: PORT: must be an integer/],
    ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, /^lastmile: LOG_LEVEL: must be one of/],
    ['a DATABASE_URL that is not a URL', { DATABASE_URL: 'localhost:5432' }, /^lastmile: DATABASE_URL: /],
    ['an unreachable DATABASE_URL', { DATABASE_URL: 'postgres://u:secretpw@127.0.0.1:1/lmis' }, /^lastmile: DATABASE_URL: cannot connect to postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/lmis \(ECONNREFUSED\)/],
  ])('%s: one line naming the variable, exit code 1', async (_label, env, message) => {
    const lastmile = spawnLastmile({ LASTMILE_DATA_DIR: tempDataDir(), ...env });
    expect(await lastmile.exited).toBe(1);
    const lines = lastmile.output().trim().split('\n').filter((line) => line.startsWith('lastmile: ') && !line.includes('building'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lastmile.output()).not.toMatch(/^\s+at /m);
    expect(lastmile.output()).not.toContain('secretpw');
  });

  it('a port already in use: names PORT', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const dataDir = tempDataDir();
    const lastmile = spawnLastmile({ PORT: String(port), HOST: '127.0.0.1', LASTMILE_DATA_DIR: dataDir });
    try {
      expect(await lastmile.exited).toBe(1);
      expect(lastmile.output()).toMatch(/^lastmile: PORT: 127\.0\.0\.1:\d+ is already in use$/m);
      expect(processesIn(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
