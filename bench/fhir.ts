/**
 * `npm run bench -- fhir`: the FHIR layer under a national-scale facility tree.
 *
 * Starts the built server (embedded PostgreSQL in a temporary directory), loads 50,000 Locations
 * (country, 10 regions, 100 districts, 1,000 sub-districts, the rest facilities) through
 * transaction Bundles, then measures with autocannon on loopback: single creates, reads, partof
 * searches, a full _history pull and a partof:below subtree, with the server's peak memory and a
 * bare Express 5 JSON handler as the ceiling. Options: --locations N (default 50000).
 */
import autocannon from 'autocannon';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import express from 'express';
import { peakRssMb, startServer } from './support/server.js';

const TOTAL = Number(process.argv[process.argv.indexOf('--locations') + 1]) || 50_000;
const BUNDLE_SIZE = 500;
const MCSD = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';

interface Node {
  id: string;
  parent?: string;
  kind: 'jurisdiction' | 'facility';
}

function tree(total: number): Node[] {
  const nodes: Node[] = [{ id: 'country', kind: 'jurisdiction' }];
  const level = (count: number, parents: Node[], prefix: string, kind: Node['kind']) => {
    const made = Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, parent: parents[i % parents.length].id, kind }));
    nodes.push(...made);
    return made;
  };
  const regions = level(10, nodes.slice(0, 1), 'region', 'jurisdiction');
  const districts = level(100, regions, 'district', 'jurisdiction');
  const subDistricts = level(1000, districts, 'subdistrict', 'jurisdiction');
  level(Math.max(0, total - nodes.length), subDistricts, 'facility', 'facility');
  return nodes;
}

function location(node: Node) {
  return {
    resourceType: 'Location',
    id: node.id,
    name: `${node.kind === 'facility' ? 'Health Facility' : 'Zone'} ${node.id}`,
    status: 'active',
    identifier: [{ system: 'https://lastmile.health/fhir/sid/code', value: node.id.toUpperCase() }],
    type: [{ coding: [{ system: MCSD, code: node.kind }] }],
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: node.kind === 'facility' ? 'bu' : 'jdn' }] },
    address: { city: `City ${node.id.length}`, country: 'MW' },
    ...(node.kind === 'facility' ? { position: { latitude: -15 + Math.random(), longitude: 35 + Math.random() } } : {}),
    ...(node.parent ? { partOf: { reference: `Location/${node.parent}` } } : {}),
  };
}

let auth: { authorization: string } = { authorization: '' };

async function load(base: string, nodes: Node[]): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < nodes.length; i += BUNDLE_SIZE) {
    const entry = nodes.slice(i, i + BUNDLE_SIZE).map((node) => ({ resource: location(node), request: { method: 'PUT', url: `Location/${node.id}` } }));
    const response = await fetch(`${base}/fhir`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Prefer: 'return=minimal', ...auth },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
    });
    if (response.status !== 200) throw new Error(`bundle ${i / BUNDLE_SIZE} failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
  return (Date.now() - started) / 1000;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function cannon(options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ duration: 10, ...options, headers: { ...options.headers, ...auth } });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

async function timed(label: string, work: () => Promise<number>): Promise<void> {
  const started = Date.now();
  const count = await work();
  console.log(`${label.padEnd(48)} ${((Date.now() - started) / 1000).toFixed(2)} s (${count} resources)`);
}

async function pullHistory(base: string): Promise<number> {
  let url: string | undefined = `${base}/fhir/Location/_history?_count=1000`;
  let count = 0;
  while (url) {
    const page: any = await (await fetch(url, { headers: auth })).json();
    count += page.entry?.length ?? 0;
    url = page.link?.find((l: any) => l.relation === 'next')?.url;
  }
  return count;
}

async function pullSearch(base: string, query: string): Promise<number> {
  let url: string | undefined = `${base}/fhir/Location?${query}`;
  let count = 0;
  while (url) {
    const page: any = await (await fetch(url, { headers: auth })).json();
    count += page.entry?.filter((e: any) => e.search?.mode === 'match').length ?? 0;
    url = page.link?.find((l: any) => l.relation === 'next')?.url;
  }
  return count;
}

async function bareExpressCeiling(): Promise<Figures> {
  const body = { resourceType: 'Location', id: 'x', padding: 'x'.repeat(1000) };
  const app = express();
  app.get('/', (_req, res) => {
    res.json(body);
  });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  const figures = await cannon({ url: `http://127.0.0.1:${port}/`, connections: 10 });
  server.close();
  return figures;
}

function print(label: string, f: Figures): void {
  console.log(`${label.padEnd(48)} ${String(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms${f.non2xx ? `  (${f.non2xx} non-2xx/errors!)` : ''}`);
}

async function main(): Promise<void> {
  const nodes = tree(TOTAL);
  console.log(`Lastmile FHIR benchmark: ${nodes.length} Locations, ${os.cpus().length} cores`);
  const server = await startServer();
  const { base, child } = server;
  auth = server.auth;
  try {
    const loadSeconds = await load(base, nodes);
    console.log(`${'bulk load (transaction Bundles of 500)'.padEnd(48)} ${loadSeconds.toFixed(2)} s (${Math.round(nodes.length / loadSeconds)} Locations/s)`);
    let n = 0;
    const facilities = nodes.filter((node) => node.kind === 'facility');
    print('single creates, concurrency 8', await cannon({
      url: `${base}/fhir/Organization`, connections: 8, method: 'POST', duration: 5,
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
      setupClient: (client) => client.setBody(JSON.stringify({ resourceType: 'Organization', name: `Org ${n++}`, active: true })),
    }));
    const reads = facilities.slice(0, 1000).map((node) => ({ method: 'GET' as const, path: `/fhir/Location/${node.id}` }));
    print('GET Location/{id}, concurrency 10', await cannon({ url: base, connections: 10, requests: reads }));
    print('GET Location/{id}, concurrency 50', await cannon({ url: base, connections: 50, requests: reads }));
    const partof = Array.from({ length: 100 }, (_, i) => ({ method: 'GET' as const, path: `/fhir/Location?partof=Location/district-${i}&_count=100` }));
    print('Location?partof=district&_count=100, conc. 10', await cannon({ url: base, connections: 10, requests: partof }));
    await timed('full Location/_history?_count=1000 pull', () => pullHistory(base));
    await timed('Location?partof:below=region-0 (all pages)', () => pullSearch(base, 'partof:below=region-0&_count=1000'));
    console.log(`${'server peak memory (VmHWM)'.padEnd(48)} ${peakRssMb(child.pid!).toFixed(0)} MB`);
    print('ceiling: bare Express 5, 1 KB JSON, conc. 10', await bareExpressCeiling());
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
