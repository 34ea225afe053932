/**
 * Test helpers for the mCSD consumer: a registry (a second, independently started Lastmile) with a
 * 4-level tree, a consumer Lastmile, a proxy in front of the registry that misbehaves on demand,
 * and comparisons of what each side holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import pino from 'pino';
import { poolOf } from '../../api/db/data-source.js';
import { SyncService } from '../../mediators/mcsd-consumer/index.js';
import type { RunOptions } from '../../mediators/mcsd-consumer/index.js';
import { apiCall } from '../helpers/api.js';
import type { TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

export const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 5000, maxRetryAfterMs: 5000 };
export const LEGACY_FACILITY = { system: 'urn:ietf:rfc:3986', code: 'urn:ihe:iti:mcsd:2019:facility' };

export function syncService(app: TestApp, defaults: Partial<RunOptions> = {}): SyncService {
  return new SyncService({ pool: poolOf(app.platform.dataSource)!, fhir: app.platform.fhir, logger: pino({ level: 'silent' }) }, { retry: FAST_RETRY, ...defaults });
}

export async function createSource(consumer: TestApp, body: Record<string, unknown>): Promise<any> {
  const reply = await apiCall(consumer.url, 'POST', '/registrySync/sources', body);
  if (reply.status !== 201) throw new Error(`source not created: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export function organization(id: string, name: string): Resource {
  return {
    resourceType: 'Organization',
    id,
    name,
    active: true,
    type: [{ coding: [{ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' }] }],
  } as Resource;
}

export function service(id: string, name: string, location: string): Resource {
  return { resourceType: 'HealthcareService', id, name, active: true, location: [{ reference: `Location/${location}` }] } as Resource;
}

/**
 * A country, 2 regions, 4 districts, 8 sub-districts and 2 facilities per sub-district, with an
 * operator Organization and a service per facility; written children first, so the registry's
 * history (newest first) lists parents last.
 */
export function registryTree(prefix = 't'): Resource[] {
  const p = (id: string) => `${prefix}-${id}`;
  const zones: Resource[] = [jurisdiction(p('country'), 'Country')];
  for (let r = 0; r < 2; r++) {
    zones.push(jurisdiction(p(`r${r}`), `Region ${r}`, p('country')));
    for (let d = 0; d < 2; d++) {
      zones.push(jurisdiction(p(`r${r}d${d}`), `District ${r}.${d}`, p(`r${r}`)));
      for (let s = 0; s < 2; s++) zones.push(jurisdiction(p(`r${r}d${d}s${s}`), `Sub-district ${r}.${d}.${s}`, p(`r${r}d${d}`)));
    }
  }
  const subDistricts = zones.filter((z) => /s\d$/.test(z.id!));
  const facilities = subDistricts.flatMap((zone, i) => [0, 1].map((f) => facility(p(`f${i}x${f}`), `Clinic ${i}.${f}`, zone.id!, {
    managingOrganization: { reference: `Organization/${p('moh')}` },
    ...(f === 1 ? { type: [{ coding: [LEGACY_FACILITY] }] } : {}),
  })));
  const services = facilities.map((f) => service(`${f.id}-svc`, `Services at ${(f as any).name}`, f.id!));
  return [organization(p('moh'), 'Ministry of Health'), ...zones, ...facilities, ...services];
}

/** The test client's token of an app, sent explicitly (apps started with `authenticate: false` need it). */
export function bearer(app: TestApp): Record<string, string> {
  return { Authorization: `Bearer ${app.token}` };
}

/** Writes resources to a Lastmile in one transaction Bundle, in the order given reversed (children first). */
export async function load(app: TestApp, resources: Resource[]): Promise<void> {
  const entry = [...resources].reverse().map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } }));
  const reply = await fhir(app.url, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry }, bearer(app));
  if (reply.status !== 200) throw new Error(`load failed: ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`);
}

/** Every live resource of a type as `id -> content without meta`, through search paging. */
export async function contents(app: TestApp, type: string): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  let path: string | undefined = `/${type}?_count=1000`;
  while (path) {
    const page = await fhir(app.url, 'GET', path, undefined, bearer(app));
    for (const entry of page.body.entry ?? []) {
      const { meta: _meta, ...rest } = entry.resource;
      found.set(rest.id, rest);
    }
    const next = page.body.link?.find((l: any) => l.relation === 'next')?.url as string | undefined;
    path = next ? next.slice(next.indexOf('/fhir') + 5) : undefined;
  }
  return found;
}

/** Asserts the consumer holds exactly what the registry holds, for the synced types. */
export async function expectInStep(registry: TestApp, consumer: TestApp, types = ['Location', 'Organization', 'HealthcareService']): Promise<void> {
  for (const type of types) {
    const [upstream, local] = await Promise.all([contents(registry, type), contents(consumer, type)]);
    expect([...local.keys()].sort()).toEqual([...upstream.keys()].sort());
    for (const [id, resource] of upstream) expect(local.get(id)).toEqual(resource);
  }
}

export interface FaultyProxy {
  url: string;
  /** Every request as `METHOD path?query`. */
  requests: string[];
  /** Decides, per request, to pass it on (undefined) or answer itself (or drop the connection). */
  fault?: (path: string, count: number, req: http.IncomingMessage) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | undefined;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Rewrites a passed-on answer's JSON. */
  transform?: (path: string, body: any) => any;
  close(): Promise<void>;
}

/** A proxy in front of a Lastmile whose answers point back at the proxy (links included). */
export async function startProxy(target: TestApp): Promise<FaultyProxy> {
  const proxy: FaultyProxy = { url: '', requests: [], close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? '/';
    proxy.requests.push(`${req.method} ${path}`);
    if (proxy.delayMs) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    const fault = proxy.fault?.(path, proxy.requests.length, req);
    if (fault === 'drop') return req.socket.destroy();
    if (fault) {
      res.writeHead(fault.status, { 'content-type': 'application/fhir+json', ...fault.headers });
      return res.end(fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body));
    }
    // The proxy is the supplier's gate: credentials checked by `fault` stop here.
    const upstream = await fetch(`${target.url}${path}`, { headers: { accept: 'application/fhir+json' } });
    let text = (await upstream.text()).replaceAll(target.url, proxy.url);
    if (proxy.transform && text) text = JSON.stringify(proxy.transform(path, JSON.parse(text)));
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/fhir+json', date: upstream.headers.get('date') ?? new Date().toUTCString() });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}

export async function runsOf(consumer: TestApp, sourceId: string): Promise<any[]> {
  const reply = await apiCall(consumer.url, 'GET', `/registrySync/runs?sourceId=${sourceId}&page=0&size=100`);
  return reply.body.content;
}

export async function issuesOf(consumer: TestApp, runId: string): Promise<any[]> {
  const reply = await apiCall(consumer.url, 'GET', `/registrySync/runs/${runId}/issues?page=0&size=1000`);
  return reply.body.content;
}
