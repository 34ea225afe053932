/** read, vread, create, update (If-Match), update-as-create, delete, Prefer, ownership, integrity. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const put = (path: string, body: unknown, headers?: Record<string, string>) => fhir(app.url, 'PUT', path, body, headers);
const get = (path: string, headers?: Record<string, string>) => fhir(app.url, 'GET', path, undefined, headers);

describe('create and read', () => {
  it('creates with a server id, answers 201 with Location, ETag and meta', async () => {
    const created = await fhir(app.url, 'POST', '/Location', { resourceType: 'Location', name: 'Zomba', status: 'active' });
    expect(created.status).toBe(201);
    const { id, meta } = created.body;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.versionId).toBe('1');
    expect(meta.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.headers.get('location')).toBe(`${app.url}/fhir/Location/${id}/_history/1`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('content-type')).toMatch(/^application\/fhir\+json/);

    const read = await get(`/Location/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(new Date(read.headers.get('last-modified')!).getTime()).toBe(Math.floor(Date.parse(meta.lastUpdated) / 1000) * 1000);
  });

  it('ignores a client id and meta on create', async () => {
    const created = await fhir(app.url, 'POST', '/Organization', { resourceType: 'Organization', id: 'mine', name: 'MoH', meta: { versionId: '7' } });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('mine');
    expect(created.body.meta.versionId).toBe('1');
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await fhir(app.url, 'POST', '/Organization', { resourceType: 'Organization', name: 'A' }, { Prefer: 'return=minimal' });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toBeUndefined();
    expect(minimal.headers.get('location')).toMatch(/\/fhir\/Organization\/[0-9a-f-]{36}\/_history\/1$/);
    const outcome = await fhir(app.url, 'POST', '/Organization', { resourceType: 'Organization', name: 'B' }, { Prefer: 'return=OperationOutcome' });
    expect(outcome.body.resourceType).toBe('OperationOutcome');
    expect(outcome.body.issue[0].severity).toBe('information');
  });

  it('answers 404 with an OperationOutcome for unknown ids and unknown types', async () => {
    const missing = await get('/Location/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
    expect(missing.body.issue[0].code).toBe('not-found');
    const type = await get('/Patient/1');
    expect(type.status).toBe(404);
    expect(type.body.issue[0].diagnostics).toContain('Patient');
  });
});

describe('update', () => {
  it('creates with the client id (update-as-create), then versions every change', async () => {
    const first = await put('/Location/zone-north', jurisdiction('zone-north', 'North'));
    expect(first.status).toBe(201);
    expect(first.body.meta.versionId).toBe('1');
    const second = await put('/Location/zone-north', { ...jurisdiction('zone-north', 'Northern Region') });
    expect(second.status).toBe(200);
    expect(second.body.meta.versionId).toBe('2');
    expect(Date.parse(second.body.meta.lastUpdated)).toBeGreaterThan(Date.parse(first.body.meta.lastUpdated));
    const v1 = await get('/Location/zone-north/_history/1');
    expect(v1.body.name).toBe('North');
    expect((await get('/Location/zone-north/_history/2')).body.name).toBe('Northern Region');
    expect((await get('/Location/zone-north/_history/3')).status).toBe(404);
  });

  it('keeps the version when nothing changed', async () => {
    const body = jurisdiction('zone-same', 'Same');
    await put('/Location/zone-same', body);
    const again = await put('/Location/zone-same', body);
    expect(again.status).toBe(200);
    expect(again.body.meta.versionId).toBe('1');
  });

  it('answers 412 to a stale If-Match and applies a current one', async () => {
    await put('/Location/zone-etag', jurisdiction('zone-etag', 'E1'));
    await put('/Location/zone-etag', jurisdiction('zone-etag', 'E2'));
    const stale = await put('/Location/zone-etag', jurisdiction('zone-etag', 'E3'), { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    const current = await put('/Location/zone-etag', jurisdiction('zone-etag', 'E3'), { 'If-Match': 'W/"2"' });
    expect(current.status).toBe(200);
    expect(current.body.meta.versionId).toBe('3');
  });

  it('lets exactly one of two concurrent updates with the same If-Match win', async () => {
    await put('/Location/zone-race', jurisdiction('zone-race', 'Start'));
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => put('/Location/zone-race', jurisdiction('zone-race', name), { 'If-Match': 'W/"1"' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200)!.body.name;
    expect((await get('/Location/zone-race')).body).toMatchObject({ name: winner, meta: { versionId: '2' } });
  });

  it('refuses a body whose id differs from the URL', async () => {
    const reply = await put('/Location/zone-a', jurisdiction('zone-b', 'B'));
    expect(reply.status).toBe(400);
    expect((await get('/Location/zone-a')).status).toBe(404);
  });
});

describe('delete', () => {
  it('soft-deletes: read answers 410, the versions stay readable, deleting again is harmless', async () => {
    await put('/Location/zone-gone', jurisdiction('zone-gone', 'Gone'));
    const deleted = await fhir(app.url, 'DELETE', '/Location/zone-gone');
    expect(deleted.status).toBe(200);
    expect((await get('/Location/zone-gone')).status).toBe(410);
    expect((await get('/Location/zone-gone/_history/1')).body.name).toBe('Gone');
    expect((await fhir(app.url, 'DELETE', '/Location/zone-gone')).status).toBe(200);
    const revived = await put('/Location/zone-gone', jurisdiction('zone-gone', 'Back'));
    expect(revived.status).toBe(201);
    expect(revived.body.meta.versionId).toBe('3');
  });

  it('refuses to delete a Location that still has children (409)', async () => {
    await put('/Location/zone-parent', jurisdiction('zone-parent', 'Parent'));
    await put('/Location/fac-child', facility('fac-child', 'Child', 'zone-parent'));
    const refused = await fhir(app.url, 'DELETE', '/Location/zone-parent');
    expect(refused.status).toBe(409);
    expect(refused.body.issue[0].diagnostics).toContain('Location/fac-child');
    expect((await get('/Location/zone-parent')).status).toBe(200);
  });
});

describe('references and hierarchy', () => {
  it('refuses a partOf that does not resolve (422) and writes nothing', async () => {
    const reply = await put('/Location/fac-orphan', facility('fac-orphan', 'Orphan', 'zone-missing'));
    expect(reply.status).toBe(422);
    expect(reply.body.issue[0].diagnostics).toContain('Location/zone-missing');
    expect((await get('/Location/fac-orphan')).status).toBe(404);
  });

  it('refuses a managingOrganization that does not resolve (422)', async () => {
    const reply = await put('/Location/zone-org', { ...jurisdiction('zone-org', 'Org'), managingOrganization: { reference: 'Organization/none' } });
    expect(reply.status).toBe(422);
  });

  it('refuses to make a Location its own ancestor (422)', async () => {
    await put('/Location/cyc-a', jurisdiction('cyc-a', 'A'));
    await put('/Location/cyc-b', jurisdiction('cyc-b', 'B', 'cyc-a'));
    const loop = await put('/Location/cyc-a', jurisdiction('cyc-a', 'A', 'cyc-b'));
    expect(loop.status).toBe(422);
    const self = await put('/Location/cyc-b', jurisdiction('cyc-b', 'B', 'cyc-b'));
    expect(self.status).toBe(422);
    expect((await get('/Location/cyc-a')).body.partOf).toBeUndefined();
  });
});

describe('ownership', () => {
  it('refuses writes to a resource owned by another registry, naming the owner (409)', async () => {
    await app.platform.fhir.store.update(jurisdiction('mfl-zone', 'MFL zone') as never, { owner: 'national-mfl' });
    const update = await put('/Location/mfl-zone', jurisdiction('mfl-zone', 'Renamed'));
    expect(update.status).toBe(409);
    expect(update.body.issue[0].diagnostics).toContain('national-mfl');
    const remove = await fhir(app.url, 'DELETE', '/Location/mfl-zone');
    expect(remove.status).toBe(409);
    expect((await get('/Location/mfl-zone')).body.name).toBe('MFL zone');
    const bySync = await app.platform.fhir.store.update(jurisdiction('mfl-zone', 'Renamed by sync') as never, { owner: 'national-mfl' });
    expect(bySync.outcome).toBe('updated');
  });
});
