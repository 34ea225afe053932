/**
 * What the HTTP benchmarks share: the built server started as `npm start` starts it (embedded
 * PostgreSQL in a temporary directory), signed in as a machine client holding every system scope,
 * and the server's peak memory. The demo data is loaded because it brings that client (the demo
 * client); its few dozen places and products do not change the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/free-port.js';
import { packageRoot } from '../../api/paths.js';

export interface BenchServer {
  base: string;
  child: ChildProcess;
  /** Authorization header of the demo machine client (every system scope). */
  auth: { authorization: string };
  stop(): Promise<void>;
}

const DEMO_CLIENT = 'lastmile-demo-client:lastmile-demo-secret';

export async function startServer(): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(packageRoot, 'scripts', 'start.js')], {
    env: { ...process.env, PORT: String(port), LASTMILE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LASTMILE_DEMO: 'true', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${base}/health/ready`).then((r) => r.status, () => 0)) === 200) return { base, child, auth: await signIn(base), stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error('server did not start');
}

async function signIn(base: string): Promise<{ authorization: string }> {
  const response = await fetch(`${base}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(DEMO_CLIENT).toString('base64')}` } });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the benchmark could not sign in: ${response.status}`);
  return { authorization: `Bearer ${body.access_token}` };
}

export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
