/**
 * The gates: nothing but health, metrics, login and /fhir/metadata answers without a session or
 * token; every /api resource needs the right it declares (a rights matrix over every declared
 * resource); machine clients get what their SMART system scopes allow at /fhir, and a registry's
 * sync client writes only as its registry.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';
import { createOAuthClient, RESOURCE_RIGHTS, setPassword } from '../../api/auth/index.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const ANONYMOUS = { Authorization: '' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A user holding one role made of `rights` (none: a user with no role), and their password-grant token. */
async function userWith(username: string, rights: string[]): Promise<{ id: string; token: string }> {
  const user = await call('POST', '/api/users', {}, { username, firstName: 'Test', lastName: username, active: true });
  expect(user.status).toBe(201);
  if (rights.length > 0) {
    const role = await call('POST', '/api/roles', {}, { name: `Role of ${username}`, rights: rights.map((name) => ({ name })) });
    expect(role.status).toBe(201);
    expect((await call('PUT', `/api/users/${user.body.id}/roleAssignments`, {}, [{ roleId: role.body.id }])).status).toBe(200);
  }
  await setPassword(app.platform.dataSource.manager, user.body.id, 'a long enough password');
  const basic = Buffer.from('user-client:changeme').toString('base64');
  const issued = await fetch(`${app.url}/api/oauth/token?grant_type=password&username=${username}&password=${encodeURIComponent('a long enough password')}`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } });
  const body = (await issued.json()) as { access_token: string };
  expect(body.access_token).toBeDefined();
  return { id: user.body.id, token: body.access_token };
}

async function clientWith(clientId: string, scopes: string[], ownerRegistry?: string): Promise<string> {
  await createOAuthClient(app.platform.dataSource, { clientId, secret: `${clientId}-secret`, grantTypes: ['client_credentials'], allowedScopes: scopes, ownerRegistry });
  const basic = Buffer.from(`${clientId}:${clientId}-secret`).toString('base64');
  const issued = await fetch(`${app.url}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } });
  return ((await issued.json()) as { access_token: string }).access_token;
}

describe('without a session or token', () => {
  it.each([
    ['GET', '/api/programs'],
    ['POST', '/api/programs'],
    ['GET', '/api/users'],
    ['GET', '/api/imports/types'],
    ['GET', '/api/registrySync/runs'],
    ['GET', '/api/nothing/here'],
  ])('%s %s answers 401 with a Bearer challenge', async (method, path) => {
    const reply = await call(method, path, ANONYMOUS);
    expect(reply.status).toBe(401);
    expect(reply.body.messageKey).toBe('auth.error.unauthenticated');
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('reads nothing from /fhir but the CapabilityStatement', async () => {
    const location = await fhir(app.url, 'GET', '/Location', undefined, ANONYMOUS);
    expect(location.status).toBe(401);
    expect(location.body.resourceType).toBe('OperationOutcome');
    expect((await fhir(app.url, 'GET', '/metadata', undefined, ANONYMOUS)).status).toBe(200);
    expect((await fhir(app.url, 'POST', '', { resourceType: 'Bundle', type: 'batch', entry: [] }, ANONYMOUS)).status).toBe(401);
  });

  it('still reaches health, metrics and login', async () => {
    expect((await fetch(`${app.url}/health`, { headers: ANONYMOUS })).status).toBe(200);
    expect((await fetch(`${app.url}/metrics`, { headers: ANONYMOUS })).status).toBe(200);
    const login = await fetch(`${app.url}/api/login`, { redirect: 'manual', headers: ANONYMOUS });
    expect(login.status).toBe(302);
  });

  it('a forged or expired-looking token counts as none', async () => {
    expect((await call('GET', '/api/programs', bearer('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'))).status).toBe(401);
  });
});

describe('the rights matrix over every declared /api resource', () => {
  let nobody: { id: string; token: string };
  beforeAll(async () => {
    nobody = await userWith('nobody', []);
  });

  const resources = Object.entries(RESOURCE_RIGHTS);

  it.each(resources)('%s: changing it needs %o; a user without the right gets 403, with it gets past the gate', async (collection, rights) => {
    const without = await call('POST', `/api/${collection}`, bearer(nobody.token), {});
    expect({ collection, status: without.status, key: without.body?.messageKey }).toEqual({ collection, status: 403, key: 'auth.error.forbidden' });
    const holder = await userWith(`w-${collection.toLowerCase()}`, [rights.write]);
    const withRight = await call('POST', `/api/${collection}`, bearer(holder.token), {});
    expect({ collection, status: [401, 403].includes(withRight.status) }).toEqual({ collection, status: false });
  });

  it.each(resources.filter(([, rights]) => rights.read === undefined))('%s: any signed-in user may read it', async (collection) => {
    const reply = await call('GET', `/api/${collection}`, bearer(nobody.token));
    expect({ collection, forbidden: [401, 403].includes(reply.status) }).toEqual({ collection, forbidden: false });
  });

  it.each(resources.filter(([, rights]) => rights.read !== undefined))('%s: reading it needs %o', async (collection) => {
    const reply = await call('GET', `/api/${collection}`, bearer(nobody.token));
    expect({ collection, status: reply.status }).toEqual({ collection, status: 403 });
  });

  it('users read themselves, and no one else, without USERS_MANAGE', async () => {
    expect((await call('GET', `/api/users/${nobody.id}`, bearer(nobody.token))).status).toBe(200);
    expect((await call('GET', `/api/users/${nobody.id}/permissionStrings`, bearer(nobody.token))).status).toBe(200);
    const other = await userWith('other-user', []);
    expect((await call('GET', `/api/users/${other.id}`, bearer(nobody.token))).status).toBe(403);
    expect((await call('PUT', `/api/users/${nobody.id}/roleAssignments`, bearer(nobody.token), [])).status).toBe(403);
  });

  it('a CSV import needs DATA_IMPORT and the right to change what the file holds', async () => {
    const csv = { 'Content-Type': 'text/csv' };
    const importOnly = await userWith('importer', ['DATA_IMPORT']);
    const upload = (token: string) => fetch(`${app.url}/api/imports/programs?wait=true&dryRun=true`, { method: 'POST', headers: { ...csv, ...bearer(token) }, body: 'Program Code,Name\nX1,X\n' });
    expect((await upload(importOnly.token)).status).toBe(403);
    const both = await userWith('program-importer', ['DATA_IMPORT', 'PROGRAMS_MANAGE']);
    expect((await upload(both.token)).status).toBe(200);
    const roles = await fetch(`${app.url}/api/imports/roleAssignments?wait=true`, { method: 'POST', headers: { ...csv, ...bearer(both.token) }, body: 'x\n' });
    expect(roles.status).toBe(403); // importing role assignments would be a way round USER_ROLES_MANAGE
    expect((await call('GET', '/api/exports/programs', bearer(both.token))).status).toBe(403);
  });
});

describe('machine clients at /fhir and /api', () => {
  beforeAll(async () => {
    const country = await fhir(app.url, 'PUT', '/Location/enf-country', jurisdiction('enf-country', 'Country'));
    expect(country.status).toBe(201);
  });

  it('get what their system scopes name, per resource type and interaction', async () => {
    const reader = await clientWith('location-reader', ['system/Location.read']);
    expect((await fhir(app.url, 'GET', '/Location/enf-country', undefined, bearer(reader))).status).toBe(200);
    expect((await fhir(app.url, 'GET', '/Location?_count=1', undefined, bearer(reader))).status).toBe(200);
    expect((await fhir(app.url, 'GET', '/Organization', undefined, bearer(reader))).status).toBe(403);
    const write = await fhir(app.url, 'PUT', '/Location/enf-x', jurisdiction('enf-x', 'X', 'enf-country'), bearer(reader));
    expect(write.status).toBe(403);
    expect(write.body.issue[0].code).toBe('forbidden');
    expect((await fhir(app.url, 'GET', '/_history', undefined, bearer(reader))).status).toBe(403);
    expect((await call('GET', '/api/programs', bearer(reader))).status).toBe(403);
  });

  it('in a Bundle, every entry is checked', async () => {
    const writer = await clientWith('location-writer', ['system/Location.*']);
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [
      { resource: jurisdiction('enf-b1', 'B1', 'enf-country'), request: { method: 'PUT', url: 'Location/enf-b1' } },
      { resource: { resourceType: 'Organization', id: 'enf-o1', name: 'O1' }, request: { method: 'PUT', url: 'Organization/enf-o1' } },
    ] };
    expect((await fhir(app.url, 'POST', '', bundle, bearer(writer))).status).toBe(403);
    expect((await fhir(app.url, 'GET', '/Location/enf-b1', undefined, bearer(writer))).status).toBe(404);
    expect((await fhir(app.url, 'POST', '', { ...bundle, entry: bundle.entry.slice(0, 1) }, bearer(writer))).status).toBe(200);
  });

  it('a registry\'s sync client writes as that registry, and cannot change Lastmile\'s own Locations', async () => {
    const sync = await clientWith('mfl-sync', ['system/Location.*'], 'national-mfl');
    expect((await fhir(app.url, 'PUT', '/Location/mfl-1', facility('mfl-1', 'MFL clinic', 'enf-country'), bearer(sync))).status).toBe(201);
    const asLastmile = await fhir(app.url, 'PUT', '/Location/mfl-1', facility('mfl-1', 'Renamed here', 'enf-country'));
    expect(asLastmile.status).toBe(409);
    const ours = await fhir(app.url, 'PUT', '/Location/enf-country', jurisdiction('enf-country', 'Country renamed'), bearer(sync));
    expect(ours.status).toBe(409);
  });

  it('users read the directory; changing it needs FACILITIES_MANAGE', async () => {
    const reader = await userWith('fhir-reader', []);
    expect((await fhir(app.url, 'GET', '/Location/enf-country', undefined, bearer(reader.token))).status).toBe(200);
    expect((await fhir(app.url, 'PUT', '/Location/enf-u1', jurisdiction('enf-u1', 'U1', 'enf-country'), bearer(reader.token))).status).toBe(403);
    const manager = await userWith('fhir-manager', ['FACILITIES_MANAGE']);
    expect((await fhir(app.url, 'PUT', '/Location/enf-u1', jurisdiction('enf-u1', 'U1', 'enf-country'), bearer(manager.token))).status).toBe(201);
  });
});
