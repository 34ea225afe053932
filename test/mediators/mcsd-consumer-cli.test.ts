/**
 * `npm run mediator -- mcsd-consumer --once` as a process of its own against the consumer's
 * database: killed with SIGKILL half-way through a pull and started again, it finishes the pull
 * with nothing lost or duplicated; it exits at once when the source is being pulled elsewhere.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../api/paths.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { SyncService } from '../../mediators/mcsd-consumer/index.js';
import { createSource, expectInStep, load, registryTree, runsOf, startProxy, syncService, type FaultyProxy } from './mcsd-consumer-helpers.js';

let registry: TestApp;
let consumer: TestApp;
let proxy: FaultyProxy;
let sync: SyncService;

beforeAll(async () => {
  [registry, consumer] = await Promise.all([startTestApp(), startTestApp()]);
  await load(registry, registryTree());
  proxy = await startProxy(registry);
  sync = syncService(consumer);
}, 60_000);
afterAll(async () => {
  await sync.stop();
  await proxy.close();
  await Promise.all([registry.stop(), consumer.stop()]);
});

interface Cli {
  pid: number;
  kill(): void;
  result: Promise<{ code: number | null; output: string }>;
}

function mediator(...args: string[]): Cli {
  const child = spawn(process.execPath, ['--max-old-space-size=384', path.join(packageRoot, 'scripts', 'mediator.js'), 'mcsd-consumer', ...args], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: consumer.databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const result = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { pid: child.pid!, kill: () => child.kill('SIGKILL'), result };
}

it('resumes a pull whose process was killed with SIGKILL half-way, ending in step with the registry', async () => {
  const source = await createSource(consumer, { name: 'cli-mfl', baseUrl: `${proxy.url}/fhir`, pageSize: 3 });
  proxy.delayMs = 100;
  const killed = mediator('--once', '--source', 'cli-mfl');
  for (let i = 0; i < 1200; i++) {
    const [run] = await runsOf(consumer, source.id);
    if (run?.pages >= 4) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  killed.kill();
  expect((await killed.result).code).toBeNull();
  const [stale] = await runsOf(consumer, source.id);
  expect(stale).toMatchObject({ status: 'running', trigger: 'cli' });
  expect(stale.pages).toBeGreaterThanOrEqual(4);

  proxy.delayMs = 0;
  const again = await mediator('--once', '--source', 'cli-mfl').result;
  expect(again.output).toMatch(/cli-mfl: succeeded \(resumed an unfinished pull\) in [\d.]+ s/);
  expect(again.code).toBe(0);
  expect((await runsOf(consumer, source.id)).map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
  await expectInStep(registry, consumer);
}, 240_000);

it('exits with 3 when the source is being pulled elsewhere, and with 2 for a source that does not exist', async () => {
  const source = await createSource(consumer, { name: 'cli-busy', baseUrl: `${registry.url}/fhir`, idPrefix: 'B-', resourceTypes: ['Organization'] });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const inApp = await sync.start(source.id, { trigger: 'api', hooks: { afterPage: () => held } });
  try {
    const busy = await mediator('--once', '--source', 'cli-busy').result;
    expect(busy.code).toBe(3);
    expect(busy.output).toMatch(/a pull of source "cli-busy" is already running/);
  } finally {
    release();
    await inApp.done;
  }
  const missing = await mediator('--once', '--source', 'nope').result;
  expect(missing.code).toBe(2);
  expect(missing.output).toMatch(/there is no source named "nope"/);
}, 240_000);
