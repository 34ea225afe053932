/**
 * Configuring the mCSD consumer: /api/registrySync sources (validation, immutable fields,
 * versions), sources from the environment, runs and their issues over the API, suppliers behind
 * Basic and OAuth client-credentials authentication, and the scheduler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../api/config.js';
import { apiCall } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startMcsdConsumer, type SyncService } from '../../mediators/mcsd-consumer/index.js';
import { createSource, expectInStep, load, registryTree, runsOf, startProxy, syncService, type FaultyProxy } from './mcsd-consumer-helpers.js';

let registry: TestApp;
let consumer: TestApp;
let proxy: FaultyProxy;

beforeAll(async () => {
  [registry, consumer] = await Promise.all([startTestApp(), startTestApp()]);
  await load(registry, registryTree());
  proxy = await startProxy(registry);
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await Promise.all([registry.stop(), consumer.stop()]);
});

const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(consumer.url, method, `/registrySync${path}`, body, headers);

async function finished(runId: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const run = await api('GET', `/runs/${runId}`);
    if (run.body.finishedAt) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not finish');
}

describe('sources through /api/registrySync/sources', () => {
  it('refuses invalid definitions with every field\'s problem', async () => {
    const reply = await api('POST', '/sources', { name: 'lastmile', baseUrl: 'ftp://x', resourceTypes: ['Patient'], auth: { type: 'basic', username: 'u', password: 'inline' }, colour: 'red' });
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('registrySync.error.source.invalid');
    expect(Object.keys(reply.body.details.fieldErrors)).toEqual(expect.arrayContaining(['name', 'baseUrl', 'resourceTypes.0', 'colour']));
    expect((await api('POST', '/sources', 'not json at all')).status).toBe(400);
  });

  it('creates, reads, updates (with If-Match) and deletes a source; name and id prefix are fixed', async () => {
    const created = await api('POST', '/sources', { name: 'crud', baseUrl: 'https://mfl.example.org/fhir/', auth: { type: 'basic', username: 'lastmile', passwordEnv: 'MFL_PASSWORD' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/registrySync/sources/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'crud', baseUrl: 'https://mfl.example.org/fhir', resourceTypes: ['Location', 'Organization', 'HealthcareService'], intervalSeconds: null,
      idPrefix: '', pageSize: 500, enabled: true, managedBy: 'api', checkpoints: {}, version: 1, pullInProgress: false, lastRun: null,
      auth: { type: 'basic', username: 'lastmile', passwordEnv: 'MFL_PASSWORD' },
    });
    expect((await api('POST', '/sources', { name: 'crud', baseUrl: 'https://other/fhir' })).status).toBe(409);
    const id = created.body.id;
    const renamed = await api('PUT', `/sources/${id}`, { ...created.body, name: 'renamed' });
    expect(renamed.body).toMatchObject({ messageKey: 'registrySync.error.source.fixedField', details: { field: 'name' } });
    const stale = await api('PUT', `/sources/${id}`, { ...created.body, intervalSeconds: 3600 }, { 'If-Match': 'W/"7"' });
    expect(stale.status).toBe(409);
    const updated = await api('PUT', `/sources/${id}`, { ...created.body, intervalSeconds: 3600, resourceTypes: ['HealthcareService', 'Location'] }, { 'If-Match': 'W/"1"' });
    expect(updated.body).toMatchObject({ version: 2, intervalSeconds: 3600, resourceTypes: ['Location', 'HealthcareService'] });
    expect((await api('GET', '/sources')).body.map((s: any) => s.name)).toContain('crud');
    expect((await api('DELETE', `/sources/${id}`)).status).toBe(204);
    expect((await api('GET', `/sources/${id}`)).status).toBe(404);
    expect((await api('GET', '/sources/not-a-uuid')).status).toBe(404);
  });
});

describe('sources from the environment', () => {
  it('reads MCSD_SOURCES or MCSD_SOURCES_FILE, naming the variable when it is wrong', () => {
    const config = loadConfig({ MCSD_SOURCES: JSON.stringify([{ name: 'env-mfl', baseUrl: 'https://mfl/fhir', intervalSeconds: 600 }]) });
    expect(config.mcsdSources).toEqual([expect.objectContaining({ name: 'env-mfl', intervalSeconds: 600, auth: { type: 'none' } })]);
    expect(() => loadConfig({ MCSD_SOURCES: '[{' })).toThrow(ConfigError);
    expect(() => loadConfig({ MCSD_SOURCES: '[{"name":"x"}]' })).toThrow(/^MCSD_SOURCES: source 1: .*baseUrl/);
    expect(() => loadConfig({ MCSD_SOURCES_FILE: '/nonexistent/sources.json' })).toThrow(/^MCSD_SOURCES_FILE: cannot read/);
  });

  it('registers them at start, read-only through the API, and runs the scheduled ones on their interval', async () => {
    const config = { mcsdSources: loadConfig({ MCSD_SOURCES: JSON.stringify([
      { name: 'env-scheduled', baseUrl: `${registry.url}/fhir`, intervalSeconds: 3600, idPrefix: 'E-', resourceTypes: ['Organization'] },
      { name: 'env-manual', baseUrl: `${registry.url}/fhir`, idPrefix: 'M-', resourceTypes: ['Organization'] },
    ]) }).mcsdSources };
    const consumerProcess = startMcsdConsumer({ dataSource: consumer.platform.dataSource, fhir: consumer.platform.fhir, logger: pino({ level: 'silent' }), config, tickMs: 50 });
    try {
      await consumerProcess.ready;
      const sources = (await api('GET', '/sources')).body;
      const scheduled = sources.find((s: any) => s.name === 'env-scheduled');
      const manual = sources.find((s: any) => s.name === 'env-manual');
      expect(scheduled).toMatchObject({ managedBy: 'env', intervalSeconds: 3600 });
      expect((await api('PUT', `/sources/${scheduled.id}`, scheduled)).body.messageKey).toBe('registrySync.error.source.envManaged');
      expect((await api('DELETE', `/sources/${scheduled.id}`)).status).toBe(409);
      let runs: any[] = [];
      for (let i = 0; i < 100 && !runs[0]?.finishedAt; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await runsOf(consumer, scheduled.id);
      }
      expect(runs).toEqual([expect.objectContaining({ trigger: 'schedule', status: 'succeeded', created: 1 })]);
      await new Promise((resolve) => setTimeout(resolve, 300)); // more ticks: not due again for an hour
      expect(await runsOf(consumer, scheduled.id)).toHaveLength(1);
      expect(await runsOf(consumer, manual.id)).toHaveLength(0);
      expect(consumerProcess.status()).toMatchObject({ urn: 'urn:mediator:lastmile-mcsd-consumer', state: 'standalone' });
    } finally {
      await consumerProcess.stop();
    }
  });
});

describe('runs through /api/registrySync/runs', () => {
  it('starts a run (202), shows it while and after it runs, paged, and 404s what does not exist', async () => {
    const source = await createSource(consumer, { name: 'api-run', baseUrl: `${registry.url}/fhir`, idPrefix: 'A-', resourceTypes: ['Organization'] });
    const started = await api('POST', `/sources/${source.id}/run`);
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/registrySync/runs/${started.body.id}`);
    expect(started.body).toMatchObject({ status: 'running', trigger: 'api', sourceName: 'api-run' });
    const run = await finished(started.body.id);
    expect(run).toMatchObject({ status: 'succeeded', created: 1, durationMs: expect.any(Number) });
    const page = await api('GET', `/runs?sourceId=${source.id}&page=0&size=1`);
    expect(page.body).toMatchObject({ totalElements: 1, size: 1, number: 0, content: [{ id: run.id }] });
    expect((await api('GET', '/runs?page=0&size=50')).body.content.length).toBeGreaterThanOrEqual(1);
    expect((await api('GET', `/runs/${run.id}/issues`)).body.content).toEqual([]);
    expect((await api('GET', '/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('GET', '/runs?sourceId=nope')).status).toBe(400);
    expect((await api('POST', '/sources/00000000-0000-4000-8000-000000000000/run')).status).toBe(404);
  });
});

describe('suppliers that need credentials', () => {
  let sync: SyncService;
  let tokenServer: http.Server;
  let tokenUrl: string;
  const issued: string[] = [];
  let accepted = new Set<string>();

  beforeAll(async () => {
    tokenServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const basic = Buffer.from('lastmile-client:s3cret').toString('base64');
        if (req.headers.authorization !== `Basic ${basic}` || new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        const token = `tok-${issued.length + 1}`;
        issued.push(token);
        accepted.add(token);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
    sync = syncService(consumer, { env: { MFL_CLIENT_SECRET: 's3cret', MFL_PASSWORD: 'pw' } });
  });
  afterAll(async () => {
    proxy.fault = undefined;
    await sync.stop();
    await new Promise((resolve) => tokenServer.close(resolve));
  });

  it('gets an OAuth token with the client credentials, and a new one when the supplier stops accepting it', async () => {
    let requests = 0;
    proxy.fault = (_path, _n, req) => {
      requests += 1;
      if (requests === 3) accepted.delete('tok-1'); // revoked half-way through the pull
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      return token && accepted.has(token) ? undefined : { status: 401, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] } };
    };
    const source = await createSource(consumer, {
      name: 'oauth-mfl', baseUrl: `${proxy.url}/fhir`, pageSize: 10, idPrefix: 'O-', resourceTypes: ['Location', 'Organization'],
      auth: { type: 'oauth2', tokenUrl, clientId: 'lastmile-client', clientSecretEnv: 'MFL_CLIENT_SECRET' },
    });
    const run = await sync.run(source.id, { trigger: 'api' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run.created).toBeGreaterThan(0);
    expect(issued).toEqual(['tok-1', 'tok-2']);
  });

  it('sends HTTP Basic credentials, and fails clearly when the secret\'s variable is not set', async () => {
    const basic = `Basic ${Buffer.from('lastmile:pw').toString('base64')}`;
    proxy.fault = (_path, _n, req) => (req.headers.authorization === basic ? undefined : { status: 401, body: {} });
    const source = await createSource(consumer, {
      name: 'basic-mfl', baseUrl: `${proxy.url}/fhir`, idPrefix: 'B-', resourceTypes: ['Organization'],
      auth: { type: 'basic', username: 'lastmile', passwordEnv: 'MFL_PASSWORD' },
    });
    expect(await sync.run(source.id, { trigger: 'api' })).toMatchObject({ status: 'succeeded', created: 1 });
    const unset = await createSource(consumer, {
      name: 'basic-unset', baseUrl: `${proxy.url}/fhir`, idPrefix: 'U-', resourceTypes: ['Organization'],
      auth: { type: 'basic', username: 'lastmile', passwordEnv: 'NOT_SET_ANYWHERE' },
    });
    const failed = await sync.run(unset.id, { trigger: 'api' });
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]).toMatch(/environment variable NOT_SET_ANYWHERE, which is not set/);
    expect(JSON.stringify((await api('GET', `/sources/${unset.id}`)).body)).not.toContain('pw');
  });
});

describe('the whole tree through the API only', () => {
  it('ends in step with the registry', async () => {
    const fresh = await startTestApp();
    try {
      const source = await createSource(fresh, { name: 'whole', baseUrl: `${registry.url}/fhir` });
      const started = await apiCall(fresh.url, 'POST', `/registrySync/sources/${source.id}/run`, { full: true });
      expect(started.status).toBe(202);
      for (let i = 0; i < 200; i++) {
        if ((await apiCall(fresh.url, 'GET', `/registrySync/runs/${started.body.id}`)).body.finishedAt) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expectInStep(registry, fresh);
    } finally {
      await fresh.stop();
    }
  });
});
