/**
 * Runs Lastmile as a user does (`node scripts/start.js`, or `npm start`) in a child process and
 * watches what it prints, how it answers, and what it leaves behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../api/paths.js';

export interface RunningLastmile {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export interface SpawnOptions {
  viaNpm?: boolean;
  /** Run as this OS user (needs root). */
  user?: { uid: number; gid: number };
}

export function spawnLastmile(env: Record<string, string>, options: SpawnOptions = {}): RunningLastmile {
  const command = options.viaNpm ? 'npm' : process.execPath;
  const args = options.viaNpm ? ['start', '--silent'] : [path.join(packageRoot, 'scripts', 'start.js')];
  const child = spawn(command, args, {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', LASTMILE_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.viaNpm, // its own process group, so a test can "press Ctrl-C" on it
    ...options.user,
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => text, exited };
}

export async function waitForReady(url: string, running: RunningLastmile, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let ended = false;
  void running.exited.then(() => (ended = true));
  while (Date.now() - started < timeoutMs) {
    if (ended) throw new Error(`Lastmile exited before it was ready:\n${running.output()}`);
    const status = await fetch(`${url}/health/ready`).then((response) => response.status, () => 0);
    if (status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Lastmile was not ready within ${timeoutMs} ms:\n${running.output()}`);
}

/** Processes working in this data directory: every PostgreSQL process chdirs into its cluster. */
export function processesIn(dataDir: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dataDir)) found.push(`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    } catch {
      // gone meanwhile, or not ours to inspect
    }
  }
  return found;
}

export { freePort } from '../../api/free-port.js';
