/** batch and transaction Bundles: the official mCSD Feed example, urn:uuid references, all-or-nothing. */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../api/paths.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(packageRoot, 'test', 'fixtures', 'mcsd', name), 'utf8'));
const get = (p: string) => fhir(app.url, 'GET', p);

async function count(type: string): Promise<number> {
  const rows = await app.platform.dataSource.query('SELECT count(*)::int AS n FROM fhir_resource WHERE resource_type = $1', [type]);
  return rows[0].n;
}

describe('transaction', () => {
  it('loads the official mCSD Feed example as it is, and reads it back as written', async () => {
    const bundle = fixture('Bundle-Example-MCSD.json');
    const reply = await fhir(app.url, 'POST', '', bundle);
    expect(reply.status).toBe(200);
    expect(reply.body.type).toBe('transaction-response');
    expect(reply.body.entry).toHaveLength(bundle.entry.length);
    expect(reply.body.entry.every((e: any) => e.response.status === '201 Created')).toBe(true);
    for (const entry of bundle.entry) {
      const read = await get(`/${entry.request.url}`);
      expect(read.status).toBe(200);
      const { meta, ...written } = read.body;
      const { meta: sentMeta, ...sent } = entry.resource;
      expect(written).toEqual(sent);
      expect(meta.profile).toEqual(sentMeta?.profile);
    }
    const again = await fhir(app.url, 'POST', '', bundle);
    expect(again.body.entry.every((e: any) => e.response.status === '200 OK' && e.response.etag === 'W/"1"')).toBe(true);
  });

  it('gives urn:uuid entries server ids and rewrites references to them, children before parents', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:7f3c1a52-0000-4000-8000-000000000002', resource: { ...facility('x', 'Child clinic', 'x'), id: undefined, partOf: { reference: 'urn:uuid:7f3c1a52-0000-4000-8000-000000000001' } }, request: { method: 'POST', url: 'Location' } },
        { fullUrl: 'urn:uuid:7f3c1a52-0000-4000-8000-000000000001', resource: { ...jurisdiction('x', 'New district'), id: undefined }, request: { method: 'POST', url: 'Location' } },
      ],
    };
    const reply = await fhir(app.url, 'POST', '', bundle);
    expect(reply.status).toBe(200);
    const [child, parent] = reply.body.entry.map((e: any) => e.response.location.split('/_history')[0]);
    expect(parent).toMatch(/^Location\/[0-9a-f-]{36}$/);
    expect((await get(`/${child}`)).body.partOf.reference).toBe(parent);
  });

  it('writes nothing when an entry fails half-way', async () => {
    const before = await count('Location');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: jurisdiction('t-ok-1', 'OK 1'), request: { method: 'PUT', url: 'Location/t-ok-1' } },
        { resource: jurisdiction('t-ok-2', 'OK 2'), request: { method: 'PUT', url: 'Location/t-ok-2' } },
        { resource: facility('t-bad', 'Bad', 't-nowhere'), request: { method: 'PUT', url: 'Location/t-bad' } },
      ],
    };
    const reply = await fhir(app.url, 'POST', '', bundle);
    expect(reply.status).toBe(422);
    expect(reply.body.resourceType).toBe('OperationOutcome');
    expect(await count('Location')).toBe(before);
    expect((await get('/Location/t-ok-1')).status).toBe(404);
    const history = await app.platform.dataSource.query(`SELECT count(*)::int AS n FROM fhir_history WHERE id LIKE 't-%'`);
    expect(history[0].n).toBe(0);
  });

  it('names the failing entry of an invalid transaction (400)', async () => {
    const reply = await fhir(app.url, 'POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: jurisdiction('v-ok', 'OK'), request: { method: 'PUT', url: 'Location/v-ok' } },
        { resource: { resourceType: 'Location', id: 'v-bad', status: 'bogus', name: 'x' }, request: { method: 'PUT', url: 'Location/v-bad' } },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.issue[0].diagnostics).toContain('Bundle.entry[1]');
    expect((await get('/Location/v-ok')).status).toBe(404);
  });
});

describe('batch', () => {
  it('runs each entry on its own and reports each outcome', async () => {
    const reply = await fhir(app.url, 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: jurisdiction('b-ok', 'OK'), request: { method: 'PUT', url: 'Location/b-ok' } },
        { resource: facility('b-bad', 'Bad', 'b-nowhere'), request: { method: 'PUT', url: 'Location/b-bad' } },
        { request: { method: 'GET', url: 'Location/b-ok' } },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.type).toBe('batch-response');
    expect(reply.body.entry.map((e: any) => e.response.status)).toEqual(['201 Created', '422', '200 OK']);
    expect(reply.body.entry[1].response.outcome.resourceType).toBe('OperationOutcome');
    expect((await get('/Location/b-ok')).status).toBe(200);
  });

  it('refuses a Bundle that is neither batch nor transaction', async () => {
    const reply = await fhir(app.url, 'POST', '', { resourceType: 'Bundle', type: 'collection', entry: [] });
    expect(reply.status).toBe(400);
  });
});

describe('conditional create in a transaction (ifNoneExist)', () => {
  const org = (code: string) => ({ resourceType: 'Organization', name: `Operator ${code}`, identifier: [{ system: 'urn:test:operator', value: code }] });
  const bundle = (code: string) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:0b3e6a1c-0000-4000-8000-00000000000a', resource: org(code), request: { method: 'POST', url: 'Organization', ifNoneExist: `identifier=urn:test:operator|${code}` } },
      { resource: { ...jurisdiction(`cc-${code}`, 'Zone'), managingOrganization: { reference: 'urn:uuid:0b3e6a1c-0000-4000-8000-00000000000a' } }, request: { method: 'PUT', url: `Location/cc-${code}` } },
    ],
  });

  it('creates once, then points references at the match instead of creating again', async () => {
    const first = await fhir(app.url, 'POST', '', bundle('OP1'));
    expect(first.body.entry[0].response.status).toBe('201 Created');
    const orgId = first.body.entry[0].response.location.split('/')[1];
    const second = await fhir(app.url, 'POST', '', { ...bundle('OP1'), entry: [bundle('OP1').entry[0], { ...bundle('OP1').entry[1], request: { method: 'PUT', url: 'Location/cc-OP1b' }, resource: { ...bundle('OP1').entry[1].resource, id: 'cc-OP1b' } }] });
    expect(second.status).toBe(200);
    expect(second.body.entry[0].response.status).toBe('200 OK');
    expect(second.body.entry[0].response.location).toBe(`Organization/${orgId}/_history/1`);
    expect((await get('/Location/cc-OP1b')).body.managingOrganization.reference).toBe(`Organization/${orgId}`);
    const organizations = await app.platform.dataSource.query(`SELECT count(*)::int AS n FROM fhir_token WHERE param = 'identifier' AND code = 'OP1'`);
    expect(organizations[0].n).toBe(1);
  });
});
