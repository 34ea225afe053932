/**
 * The mcsd-supplier mediator: Lastmile registers it with OpenHIM core (the API double, over TLS
 * with a custom CA) at start, and an HIE consumer reads Lastmile's mCSD Directory through the
 * installed channel; answers come in the OpenHIM mediator format with an orchestration per call.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { packageRoot } from '../../api/paths.js';
import { CONSUMER_URN } from '../../mediators/mcsd-consumer/mediator.js';
import { SUPPLIER_URN, CHANNEL_NAME } from '../../mediators/mcsd-supplier/index.js';
import { forwardBearerToken } from '../../mediators/mcsd-supplier/authorization.js';
import { supplierRouter } from '../../mediators/mcsd-supplier/proxy.js';
import { supplierSettings } from '../../mediators/mcsd-supplier/settings.js';
import { OPENHIM_CONTENT_TYPE } from '../../mediators/openhim/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createOAuthClient } from '../../api/auth/index.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';
import { captureLogger, makeCertificates, OpenHimDouble, ROOT_PASSWORD, ROOT_USER } from '../helpers/openhim-double.js';

const CHANNEL_BASE = 'https://openhim.example.org:5000/lastmile/fhir';
let asTestClient: () => Record<string, string>;

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('mcsd-supplier registered with OpenHIM', () => {
  const certificates = makeCertificates();
  let core: OpenHimDouble;
  let app: TestApp;
  const consumer = { clientId: 'national-hie', clientRoles: ['mcsd-client'] };
  asTestClient = () => ({ Authorization: `Bearer ${app.token}` });

  beforeAll(async () => {
    core = await OpenHimDouble.start({ tls: { key: certificates.key, cert: certificates.cert } });
    app = await startTestApp({
      OPENHIM_URL: core.url,
      OPENHIM_USERNAME: ROOT_USER,
      OPENHIM_PASSWORD: ROOT_PASSWORD,
      OPENHIM_CA_FILE: certificates.caFile,
      OPENHIM_HEARTBEAT_INTERVAL_MS: '100',
      OPENHIM_SUPPLIER_ROLES: 'mcsd-client, dhis2',
      OPENHIM_SUPPLIER_CLIENT: 'hie-supplier:hie-supplier-secret',
    }, { authenticate: false }); // the mediator must bring its own credentials to /fhir
    // The service client OpenHIM-authenticated consumers read as: Locations only.
    await createOAuthClient(app.platform.dataSource, { clientId: 'hie-supplier', secret: 'hie-supplier-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/Location.read'] });
    for (const location of [jurisdiction('s-country', 'Country'), facility('s-fac-1', 'Clinic One', 's-country'), facility('s-fac-2', 'Clinic Two', 's-country')]) {
      await fhir(app.url, 'PUT', `/Location/${location.id}`, location, asTestClient());
    }
    await waitFor(() => core.mediators.has(SUPPLIER_URN) && core.heartbeats(SUPPLIER_URN).length > 0);
    core.installChannels(SUPPLIER_URN);
  });
  afterAll(async () => {
    await app?.stop();
    await core.down();
    fs.rmSync(certificates.dir, { recursive: true, force: true });
  });

  it('registers the supplier: its endpoint in Lastmile, and the channel consumers use', () => {
    const [registration] = core.registrations(SUPPLIER_URN);
    expect(registration.status).toBe(201);
    const doc = registration.body as any;
    const port = new URL(app.url).port;
    const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
    expect(doc).toMatchObject({ urn: SUPPLIER_URN, version, name: 'Lastmile mCSD supplier' });
    expect(doc.endpoints).toEqual([{ name: 'Lastmile mCSD supplier', type: 'http', host: '127.0.0.1', port: Number(port), secured: false, path: '/mediators/mcsd-supplier/fhir', primary: true }]);
    expect(doc.defaultChannelConfig).toEqual([
      expect.objectContaining({
        name: CHANNEL_NAME,
        urlPattern: '^/lastmile/fhir(/.*)?$',
        methods: ['GET', 'HEAD', 'POST'],
        authType: 'private',
        allow: ['mcsd-client', 'dhis2'],
        routes: [expect.objectContaining({ host: '127.0.0.1', port: Number(port), primary: true, pathTransform: 's/^\\/lastmile\\/fhir/\\/mediators\\/mcsd-supplier\\/fhir/' })],
      }),
    ]);
    expect(doc.configDefs.map((def: any) => def.param)).toEqual(['channelBaseUrl', 'authorization', 'upstreamTimeoutSeconds']);
  });

  it('registers every mediator of the platform through the same registrar', async () => {
    await waitFor(() => core.mediators.has(CONSUMER_URN));
    expect([...core.mediators.keys()].sort()).toEqual([CONSUMER_URN, SUPPLIER_URN]);
  });

  it('heartbeats over TLS with the custom CA', async () => {
    const count = core.heartbeats(SUPPLIER_URN).length;
    await waitFor(() => core.heartbeats(SUPPLIER_URN).length >= count + 2);
    expect(core.heartbeats(SUPPLIER_URN).every((beat) => beat.user === ROOT_USER && beat.status === 200)).toBe(true);
  });

  it('answers a consumer\'s ITI-90 search through the channel, with an orchestration of the call to /fhir', async () => {
    const tx = await core.route({ ...consumer, method: 'GET', path: '/lastmile/fhir/Location', query: 'partof=Location/s-country&_count=1', headers: { Accept: 'application/fhir+json' } });
    expect(tx.formatProblems).toEqual([]);
    expect(tx.forwardedPath).toBe('/mediators/mcsd-supplier/fhir/Location');
    expect(tx.status).toBe(200);
    expect(tx.headers['content-type']).toMatch(/fhir\+json/);
    const bundle = JSON.parse(tx.body);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(bundle.entry).toHaveLength(1);

    const answer = tx.mediatorResponse;
    expect(answer).toMatchObject({ 'x-mediator-urn': SUPPLIER_URN, status: 'Successful', properties: { mcsdTransaction: 'ITI-90 Find Matching Care Services', openhimClient: 'national-hie' } });
    expect(answer.orchestrations).toHaveLength(1);
    const [call] = answer.orchestrations;
    expect(call.name).toBe('Lastmile FHIR: GET /fhir/Location');
    expect(call.request).toMatchObject({ method: 'GET', path: '/fhir/Location', querystring: 'partof=Location/s-country&_count=1', timestamp: expect.any(String) });
    expect(call.response).toMatchObject({ status: 200, timestamp: expect.any(String) });
    expect(JSON.parse(call.response.body).resourceType).toBe('Bundle');
  });

  it('serves ITI-91 history through the channel', async () => {
    const tx = await core.route({ ...consumer, method: 'GET', path: '/lastmile/fhir/Location/_history', query: `_since=${encodeURIComponent('2000-01-01T00:00:00Z')}` });
    expect(tx.status).toBe(200);
    expect(JSON.parse(tx.body).type).toBe('history');
    expect(tx.mediatorResponse.properties.mcsdTransaction).toBe('ITI-91 Request Care Services Updates');
  });

  it('lets only the configured client roles in (the channel\'s allow list)', async () => {
    const tx = await core.route({ clientId: 'stranger', clientRoles: ['other'], method: 'GET', path: '/lastmile/fhir/Location' });
    expect(tx.status).toBe(401);
  });

  it('picks up a config change from the console: links in answers point at the channel', async () => {
    core.setConfig(SUPPLIER_URN, { channelBaseUrl: CHANNEL_BASE, authorization: 'service-client', upstreamTimeoutSeconds: 30 });
    const beats = core.heartbeats(SUPPLIER_URN).length;
    await waitFor(() => core.heartbeats(SUPPLIER_URN).length >= beats + 2); // the first one after the change carried the config
    const tx = await core.route({ ...consumer, method: 'GET', path: '/lastmile/fhir/Location', query: '_count=1' });
    const bundle = JSON.parse(tx.body);
    const next = bundle.link.find((link: any) => link.relation === 'next');
    expect(next.url.startsWith(`${CHANNEL_BASE}/Location?`)).toBe(true);
    expect(bundle.entry[0].fullUrl).toMatch(new RegExp(`^${CHANNEL_BASE.replace(/[.]/g, '\\.')}/Location/`));
    // The orchestration records what Lastmile really answered.
    expect(tx.mediatorResponse.orchestrations[0].response.body).toContain(`${app.url}/fhir/Location`);

    // A consumer following the rewritten next link stays on the channel.
    const page2 = await core.route({ ...consumer, method: 'GET', path: new URL(next.url).pathname, query: new URL(next.url).search.slice(1) });
    expect(page2.status).toBe(200);
    expect(JSON.parse(page2.body).entry).toHaveLength(1);
  });

  it('refuses writes: the channel takes no PUT, and the route answers 405 in the OpenHIM format', async () => {
    const viaChannel = await core.route({ ...consumer, method: 'PUT', path: '/lastmile/fhir/Location/s-fac-1', body: '{}' });
    expect(viaChannel.status).toBe(405);
    const direct = await fetch(`${app.url}/mediators/mcsd-supplier/fhir/Location/s-fac-1`, { method: 'DELETE' });
    expect(direct.status).toBe(405);
    expect(direct.headers.get('content-type')).toContain(OPENHIM_CONTENT_TYPE);
    const answer = (await direct.json()) as any;
    expect(answer).toMatchObject({ 'x-mediator-urn': SUPPLIER_URN, status: 'Completed', orchestrations: [], response: { status: 405 } });
    expect(JSON.parse(answer.response.body).resourceType).toBe('OperationOutcome');
    expect((await fhir(app.url, 'GET', '/Location/s-fac-1', undefined, asTestClient())).status).toBe(200);
  });

  it('reads only what the service client\'s scopes allow', async () => {
    const organizations = await core.route({ ...consumer, method: 'GET', path: '/lastmile/fhir/Organization' });
    const [call] = organizations.mediatorResponse.orchestrations;
    expect(call.response.status).toBe(403);
    expect(JSON.parse(call.response.body).issue[0].code).toBe('forbidden');
  });

  it('stops heartbeating when the platform stops', async () => {
    await app.stop();
    const count = core.heartbeats(SUPPLIER_URN).length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(core.heartbeats(SUPPLIER_URN)).toHaveLength(count);
  });
});

describe('mcsd-supplier standalone (no OPENHIM_URL)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('serves the same route, in the OpenHIM format, without registering anywhere', async () => {
    const answer = await fetch(`${app.url}/mediators/mcsd-supplier/fhir/metadata`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain(OPENHIM_CONTENT_TYPE);
    const body = (await answer.json()) as any;
    expect(body).toMatchObject({ 'x-mediator-urn': SUPPLIER_URN, status: 'Successful', properties: { mcsdTransaction: 'capabilities' } });
    expect(JSON.parse(body.response.body).resourceType).toBe('CapabilityStatement');
    expect(body.orchestrations[0].request.path).toBe('/fhir/metadata');
  });
});

describe('mcsd-supplier route against a stand-in upstream', () => {
  let upstream: http.Server;
  let mediator: http.Server;
  let seen: http.IncomingHttpHeaders | undefined;
  let mediatorUrl: string;
  let settings = supplierSettings({ authorization: 'forward-bearer' });

  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"Bundle","type":"searchset","total":0}');
    });
    const upstreamUrl = await listen(upstream);
    const routes = express();
    const options = { urn: SUPPLIER_URN, fhirLinkBase: `${upstreamUrl}/fhir`, settings: () => settings, authorize: forwardBearerToken, logger: captureLogger().logger };
    routes.use('/ok', supplierRouter({ ...options, upstreamFhirUrl: `${upstreamUrl}/fhir` }));
    routes.use('/down', supplierRouter({ ...options, upstreamFhirUrl: 'http://127.0.0.1:9/fhir' }));
    mediator = http.createServer(routes);
    mediatorUrl = await listen(mediator);
  });
  afterAll(async () => {
    await new Promise((resolve) => upstream.close(resolve));
    await new Promise((resolve) => mediator.close(resolve));
  });

  it('forwards a consumer\'s Bearer token (the identity seam) and keeps it out of the orchestration', async () => {
    settings = supplierSettings({ authorization: 'forward-bearer' });
    const answer = (await (await fetch(`${mediatorUrl}/ok/fhir/Location`, { headers: { Authorization: 'Bearer consumer-token', 'X-OpenHIM-TransactionID': 'tx-42' } })).json()) as any;
    expect(seen?.authorization).toBe('Bearer consumer-token');
    expect(seen?.['x-request-id']).toBe('tx-42');
    expect(answer.orchestrations[0].request.headers.authorization).toBe('[redacted]');
  });

  it('never passes on Basic credentials, and nothing at all with authorization none', async () => {
    await fetch(`${mediatorUrl}/ok/fhir/Location`, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(seen?.authorization).toBeUndefined();
    settings = supplierSettings({ authorization: 'none' });
    await fetch(`${mediatorUrl}/ok/fhir/Location`, { headers: { Authorization: 'Bearer consumer-token' } });
    expect(seen?.authorization).toBeUndefined();
  });

  it('answers 502 with a failed orchestration when /fhir is unreachable', async () => {
    const answer = await fetch(`${mediatorUrl}/down/fhir/Location`);
    expect(answer.status).toBe(502);
    const body = (await answer.json()) as any;
    expect(body.status).toBe('Failed');
    expect(body.orchestrations[0]).toMatchObject({ name: 'Lastmile FHIR: GET /fhir/Location', error: { message: expect.stringContaining('unreachable') } });
    expect(body.orchestrations[0].response).toBeUndefined();
    expect(JSON.parse(body.response.body).resourceType).toBe('OperationOutcome');
  });
});
