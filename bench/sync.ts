/**
 * `npm run bench -- sync`: the mCSD update consumer against a national-scale registry.
 *
 * Starts a Lastmile as the source registry (in this process, embedded PostgreSQL in a temporary
 * directory, OAuth client credentials required) and fills it with 50,000 Locations (country, 10 regions, 100 districts, 1,000 sub-districts, the rest
 * facilities) through transaction Bundles. Then runs the mediator as its own process, as an
 * operator would (`npm run mediator -- mcsd-consumer --once`, its own embedded database, the
 * source from MCSD_SOURCES), twice: the first full pull, and an incremental pull after 500
 * changes upstream (updates, moves, creates, deletes). Prints each pull's duration and the
 * mediator process's peak memory (VmHWM, PostgreSQL not included) against the targets.
 * Options: --locations N (default 50000), --changes N (default 500).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOAuthClient } from '../api/auth/index.js';
import { loadConfig } from '../api/config.js';
import { createLogger } from '../api/logger.js';
import { packageRoot } from '../api/paths.js';
import { startPlatform } from '../api/platform.js';

const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const LOCATIONS = option('--locations', 50_000);
const CHANGES = option('--changes', 500);
const BUNDLE_SIZE = 500;
const TARGETS = { fullSeconds: 90, fullMemoryMb: 300, incrementalSeconds: 5 };
const MCSD_TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
const CODE_SYSTEM = 'https://lastmile.health/fhir/sid/code';
const CLIENT = { id: 'bench-registry-sync', secret: 'bench-registry-secret' };

interface Place {
  id: string;
  name: string;
  parent?: string;
  kind: 'jurisdiction' | 'facility';
}

/** A 4-level zone tree with facilities under the lowest level, `total` places in all. */
function nationalTree(total: number): Place[] {
  const places: Place[] = [{ id: 'mw', name: 'Country', kind: 'jurisdiction' }];
  const level = (count: number, parents: Place[], prefix: string, kind: Place['kind']): Place[] => {
    const made = Array.from({ length: count }, (_, i): Place => ({ id: `${prefix}${i}`, name: `${prefix.toUpperCase()} ${i}`, parent: parents[i % parents.length].id, kind }));
    places.push(...made);
    return made;
  };
  const regions = level(10, places.slice(0, 1), 'r', 'jurisdiction');
  const districts = level(100, regions, 'd', 'jurisdiction');
  const subDistricts = level(1000, districts, 's', 'jurisdiction');
  level(Math.max(0, total - places.length), subDistricts, 'f', 'facility');
  return places;
}

function toLocation(place: Place) {
  return {
    resourceType: 'Location',
    id: place.id,
    name: place.name,
    status: 'active',
    identifier: [{ system: CODE_SYSTEM, value: place.id.toUpperCase() }],
    type: [{ coding: [{ system: MCSD_TYPES, code: place.kind }] }],
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: place.kind === 'facility' ? 'bu' : 'jdn' }] },
    ...(place.parent ? { partOf: { reference: `Location/${place.parent}` } } : {}),
  };
}

/**
 * The registry is a Lastmile in this process (on its own embedded PostgreSQL), with a machine
 * client the bench loads through and the mediator pulls as, by OAuth client credentials, as it
 * would from a secured national registry. The mediator, measured, is a process of its own.
 */
async function startRegistry(): Promise<{ base: string; token: string; stop(): Promise<void>; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bench-registry-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LASTMILE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LASTMILE_DEMO: 'false', MCSD_SCHEDULER: 'false' });
  const platform = await startPlatform(config, createLogger(config.logLevel));
  await createOAuthClient(platform.dataSource, { clientId: CLIENT.id, secret: CLIENT.secret, grantTypes: ['client_credentials'], allowedScopes: ['system/*.*'] });
  const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
  const answer = await fetch(`${platform.url}/api/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  const { access_token: token } = (await answer.json()) as { access_token: string };
  if (!token) throw new Error(`the registry gave no token (${answer.status})`);
  return { base: platform.url, token, stop: () => platform.stop(), dataDir };
}

type Entry = { method: 'PUT' | 'DELETE'; place: Place };

async function send(base: string, token: string, entries: Entry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += BUNDLE_SIZE) {
    const entry = entries.slice(i, i + BUNDLE_SIZE).map(({ method, place }) => ({
      ...(method === 'PUT' ? { resource: toLocation(place) } : {}),
      request: { method, url: `Location/${place.id}` },
    }));
    const response = await fetch(`${base}/fhir`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Prefer: 'return=minimal', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
    });
    if (response.status !== 200) throw new Error(`registry bundle failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
}

/** `count` changes spread over the facilities: renames, moves to another sub-district, new ones, deletions. */
function changes(places: Place[], count: number): Entry[] {
  const facilities = places.filter((p) => p.kind === 'facility');
  const subDistricts = places.filter((p) => p.id.startsWith('s'));
  const quarter = Math.floor(count / 4);
  const pick = (i: number) => facilities[(i * 7919) % facilities.length];
  const renamed = Array.from({ length: count - 3 * quarter }, (_, i): Entry => ({ method: 'PUT', place: { ...pick(i), name: `${pick(i).name} (renamed)` } }));
  const moved = Array.from({ length: quarter }, (_, i): Entry => ({ method: 'PUT', place: { ...pick(count + i), parent: subDistricts[(i * 13) % subDistricts.length].id } }));
  const created = Array.from({ length: quarter }, (_, i): Entry => ({ method: 'PUT', place: { id: `new${i}`, name: `New facility ${i}`, parent: subDistricts[i % subDistricts.length].id, kind: 'facility' } }));
  const deleted = Array.from({ length: quarter }, (_, i): Entry => ({ method: 'DELETE', place: pick(2 * count + i) }));
  return [...renamed, ...moved, ...created, ...deleted];
}

interface Pull {
  summary: string;
  runSeconds: number;
  wallSeconds: number;
  peakMb: number;
}

/** The node options `npm run mediator` runs with (its heap limit), read from package.json so they cannot drift. */
function mediatorNodeOptions(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).scripts.mediator;
  return script.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Runs `npm run mediator -- mcsd-consumer --once` as npm would, but as our child, so its memory is the mediator's. */
async function pull(env: NodeJS.ProcessEnv): Promise<Pull> {
  const started = Date.now();
  const args = [...mediatorNodeOptions(), path.join(packageRoot, 'scripts', 'mediator.js'), 'mcsd-consumer', '--once'];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // the process has just ended
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  const summary = output.trim().split('\n').find((line) => line.startsWith('national-mfl:')) ?? output.trim();
  if (code !== 0) throw new Error(`the mediator exited with ${code}:\n${output}`);
  const runSeconds = Number(/ in ([\d.]+) s:/.exec(summary)?.[1] ?? NaN);
  return { summary, runSeconds, wallSeconds: (Date.now() - started) / 1000, peakMb: peakKb / 1024 };
}

function verdict(value: number, target: number): string {
  return value <= target ? `ok (target < ${target})` : `OVER the target of ${target}`;
}

async function main(): Promise<void> {
  const places = nationalTree(LOCATIONS);
  console.log(`mCSD consumer benchmark: ${places.length} Locations, ${CHANGES} changes, ${os.cpus().length} cores`);
  const registry = await startRegistry();
  const consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bench-consumer-'));
  try {
    const loadStarted = Date.now();
    await send(registry.base, registry.token, places.map((place) => ({ method: 'PUT', place })));
    console.log(`registry loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
    const auth = { type: 'oauth2', tokenUrl: `${registry.base}/api/oauth/token`, clientId: CLIENT.id, clientSecretEnv: 'BENCH_REGISTRY_SECRET' };
    const sources = [{ name: 'national-mfl', baseUrl: `${registry.base}/fhir`, resourceTypes: ['Location'], pageSize: 1000, auth }];
    const env = { ...process.env, LASTMILE_DATA_DIR: consumerDir, LOG_LEVEL: 'warn', MCSD_SOURCES: JSON.stringify(sources), DATABASE_URL: '', BENCH_REGISTRY_SECRET: CLIENT.secret };

    const full = await pull(env);
    console.log(`full pull          ${full.runSeconds.toFixed(1).padStart(6)} s  ${verdict(full.runSeconds, TARGETS.fullSeconds)}; process ${full.wallSeconds.toFixed(1)} s with start and stop`);
    console.log(`  mediator peak    ${full.peakMb.toFixed(0).padStart(6)} MB ${verdict(full.peakMb, TARGETS.fullMemoryMb)}`);
    console.log(`  ${full.summary}`);

    await send(registry.base, registry.token, changes(places, CHANGES));
    const incremental = await pull(env);
    console.log(`incremental pull   ${incremental.runSeconds.toFixed(1).padStart(6)} s  ${verdict(incremental.runSeconds, TARGETS.incrementalSeconds)}; process ${incremental.wallSeconds.toFixed(1)} s with start and stop`);
    console.log(`  mediator peak    ${incremental.peakMb.toFixed(0).padStart(6)} MB`);
    console.log(`  ${incremental.summary}`);
  } finally {
    await registry.stop();
    fs.rmSync(registry.dataDir, { recursive: true, force: true });
    fs.rmSync(consumerDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
