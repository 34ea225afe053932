/**
 * The audit trail: sign-ins and token requests (granted and refused), changes through /api and
 * writes through /fhir are recorded with who, from where and what; the table refuses UPDATE,
 * DELETE and TRUNCATE; reading it needs SYSTEM_SETTINGS_MANAGE and answers FHIR AuditEvents.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir, jurisdiction } from '../helpers/fhir.js';
import { createOAuthClient, setPassword } from '../../api/auth/index.js';
import { Browser, baseOf, codeFlow, createUser, formAction, discoverIssuer } from './oidc-helpers.js';
import * as client from 'openid-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
});
afterAll(() => app.stop());

const PASSWORD = 'a long enough password';
const USER_CLIENT = `Basic ${Buffer.from('user-client:changeme').toString('base64')}`;
const TEST_CLIENT_ID = 'lastmile-test-client';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function passwordGrant(username: string, password: string, userAgent = 'audit-test') {
  const query = new URLSearchParams({ grant_type: 'password', username, password });
  return fetch(`${app.url}/api/oauth/token?${query}`, { method: 'POST', headers: { Authorization: USER_CLIENT, 'User-Agent': userAgent } });
}

/** A user holding one role made of `rights`, and their password-grant token. */
async function userWith(username: string, rights: string[]): Promise<{ id: string; token: string }> {
  const user = await call('POST', '/api/users', {}, { username, firstName: 'Audit', lastName: username, active: true });
  expect(user.status).toBe(201);
  if (rights.length > 0) {
    const role = await call('POST', '/api/roles', {}, { name: `Role of ${username}`, rights: rights.map((name) => ({ name })) });
    expect(role.status).toBe(201);
    expect((await call('PUT', `/api/users/${user.body.id}/roleAssignments`, {}, [{ roleId: role.body.id }])).status).toBe(200);
  }
  await setPassword(app.platform.dataSource.manager, user.body.id, PASSWORD);
  const body = (await (await passwordGrant(username, PASSWORD)).json()) as { access_token: string };
  return { id: user.body.id, token: body.access_token };
}

type Row = Record<string, any>;

/** Changes are recorded once answered, just after the client has its answer: wait a little for them. */
async function eventually(sql: string, params: unknown[]): Promise<Row[]> {
  for (let attempt = 0; ; attempt++) {
    const rows: Row[] = await app.platform.dataSource.query(sql, params);
    if (rows.length > 0 || attempt >= 50) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sign-ins and tokens', () => {
  it('records a failed and a successful password grant, with the username and where it came from', async () => {
    const userId = await createUser(app.platform.dataSource, 'audit.nurse', PASSWORD);
    expect((await passwordGrant('audit.nurse', 'wrong password', 'failing-agent')).status).toBe(400);
    expect((await passwordGrant('audit.nurse', PASSWORD, 'working-agent')).status).toBe(200);

    const rows = await app.platform.dataSource.query(`SELECT * FROM audit_events WHERE username = 'audit.nurse' AND action LIKE 'login.%' ORDER BY id`);
    expect(rows).toEqual([
      expect.objectContaining({ action: 'login.failed', outcome: 'failure', reason: 'invalid', user_id: null, user_agent: 'failing-agent', path: '/api/oauth/token', method: 'POST', status: 400 }),
      expect.objectContaining({ action: 'login.succeeded', outcome: 'success', user_id: userId, user_agent: 'working-agent', path: '/api/oauth/token', status: 200 }),
    ]);
    expect(rows[0].ip).toMatch(/127\.0\.0\.1/);
    expect(rows[0].request_id).toEqual(expect.any(String));
    // The query string carried the password: it is never part of what is recorded.
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it('records client credentials granted and refused', async () => {
    await createOAuthClient(app.platform.dataSource, { clientId: 'audit-mediator', secret: 'audit-mediator-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/Location.read'] });
    const token = (secret: string) => fetch(`${app.url}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`audit-mediator:${secret}`).toString('base64')}` } });
    expect((await token('wrong')).status).toBe(401);
    expect((await token('audit-mediator-secret')).status).toBe(200);
    const rows = await app.platform.dataSource.query(`SELECT action, outcome, reason FROM audit_events WHERE client_id = 'audit-mediator' ORDER BY id`);
    expect(rows).toEqual([
      { action: 'token.refused', outcome: 'failure', reason: 'invalid_client' },
      { action: 'token.issued', outcome: 'success', reason: null },
    ]);
  });

  it('records sign-ins at the embedded provider\'s form', async () => {
    const base = baseOf(app.platform.port);
    await createOAuthClient(app.platform.dataSource, { clientId: 'audit-spa', authMethod: 'none', grantTypes: ['authorization_code'], redirectUris: ['http://localhost:9/callback'] });
    const userId = await createUser(app.platform.dataSource, 'audit.clerk', PASSWORD);

    const configuration = await discoverIssuer(base, 'audit-spa');
    const url = client.buildAuthorizationUrl(configuration, { redirect_uri: 'http://localhost:9/callback', scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const browser = new Browser();
    const refused = await browser.post(formAction(await browser.get(url.href)), { username: 'audit.clerk', password: 'not it' });
    expect(refused.status).toBe(401);
    await codeFlow(base, 'audit-spa', 'http://localhost:9/callback', 'audit.clerk', PASSWORD);

    const rows = await app.platform.dataSource.query(`SELECT action, outcome, reason, user_id, path FROM audit_events WHERE username = 'audit.clerk' ORDER BY id`);
    expect(rows).toEqual([
      expect.objectContaining({ action: 'login.failed', outcome: 'failure', reason: 'invalid', user_id: null }),
      expect.objectContaining({ action: 'login.succeeded', outcome: 'success', user_id: userId }),
    ]);
    expect(rows[1].path).toMatch(/^\/auth\/interaction\/[^/]+\/login$/);
  });
});

describe('changes', () => {
  it('records a reference data change through /api with who made it and the status', async () => {
    const created = await call('POST', '/api/programs', {}, { code: 'AUD1', name: 'Audited program' });
    expect(created.status).toBe(201);
    const [row] = await eventually(`SELECT * FROM audit_events WHERE action = 'api.change' AND resource_id = $1`, [created.body.id]);
    expect(row).toEqual(expect.objectContaining({ outcome: 'success', client_id: TEST_CLIENT_ID, user_id: null, method: 'POST', path: '/api/programs', resource_type: 'programs', status: 201 }));
    expect(row.request_id).toBe(created.headers.get('x-request-id'));
  });

  it('records a user\'s change, and a refused one as a failure', async () => {
    const manager = await userWith('audit.manager', ['PROGRAMS_MANAGE']);
    const stranger = await userWith('audit.stranger', []);
    const changed = await call('POST', '/api/programs', bearer(manager.token), { code: 'AUD2', name: 'By a user' });
    expect(changed.status).toBe(201);
    expect((await call('POST', '/api/programs', bearer(stranger.token), { code: 'AUD3', name: 'Refused' })).status).toBe(403);

    const [mine] = await eventually(`SELECT * FROM audit_events WHERE action = 'api.change' AND user_id = $1`, [manager.id]);
    expect(mine).toEqual(expect.objectContaining({ username: 'audit.manager', outcome: 'success', resource_id: changed.body.id, status: 201 }));
    const [refused] = await eventually(`SELECT * FROM audit_events WHERE action = 'api.change' AND user_id = $1`, [stranger.id]);
    expect(refused).toEqual(expect.objectContaining({ username: 'audit.stranger', outcome: 'failure', path: '/api/programs', status: 403 }));
  });

  it('does not record reads', async () => {
    const read = await call('GET', '/api/programs');
    expect(read.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await app.platform.dataSource.query('SELECT 1 FROM audit_events WHERE request_id = $1', [read.headers.get('x-request-id')])).toEqual([]);
  });

  it('does not record anonymous attempts (they change nothing, and anyone could fill the table)', async () => {
    const refused = await call('POST', '/api/programs', { Authorization: '', 'X-Request-Id': 'audit-anonymous-1' }, { code: 'ANON', name: 'Anonymous' });
    expect(refused.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await app.platform.dataSource.query(`SELECT id FROM audit_events WHERE request_id = 'audit-anonymous-1'`);
    expect(rows).toEqual([]);
  });

  it('records a write through /fhir with the resource it wrote', async () => {
    const written = await fhir(app.url, 'PUT', '/Location/audit-country', jurisdiction('audit-country', 'Audited country'));
    expect(written.status).toBe(201);
    const [row] = await eventually(`SELECT * FROM audit_events WHERE action = 'fhir.change' AND resource_id = 'audit-country'`, []);
    expect(row).toEqual(expect.objectContaining({ outcome: 'success', client_id: TEST_CLIENT_ID, method: 'PUT', path: '/fhir/Location/audit-country', resource_type: 'Location', status: 201 }));
  });
});

describe('the table', () => {
  it.each([
    ['UPDATE', `UPDATE audit_events SET outcome = 'success'`],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('refuses %s', async (_operation, sql) => {
    await expect(app.platform.dataSource.query(sql)).rejects.toThrow(/append-only/);
  });
});

describe('GET /api/auditEvents', () => {
  it('needs SYSTEM_SETTINGS_MANAGE', async () => {
    const nobody = await userWith('audit.nobody', []);
    const refused = await call('GET', '/api/auditEvents', bearer(nobody.token));
    expect(refused.status).toBe(403);
    expect(refused.body.messageKey).toBe('auth.error.forbidden');
    expect((await call('GET', '/api/auditEvents', { Authorization: '' })).status).toBe(401);
    const admin = await userWith('audit.admin', ['SYSTEM_SETTINGS_MANAGE']);
    expect((await call('GET', '/api/auditEvents', bearer(admin.token))).status).toBe(200);
    expect((await call('POST', '/api/auditEvents', bearer(admin.token), {})).status).toBe(405);
  });

  it('lists events newest first as FHIR AuditEvents, filtered and paged', async () => {
    const page = await call('GET', '/api/auditEvents?username=audit.nurse&action=login.failed');
    expect(page.status).toBe(200);
    expect(page.body.totalElements).toBe(1);
    const [event] = page.body.content;
    expect(event).toEqual(expect.objectContaining({
      resourceType: 'AuditEvent',
      type: expect.objectContaining({ code: '110114' }),
      subtype: expect.arrayContaining([expect.objectContaining({ code: '110122' }), { system: expect.any(String), code: 'login.failed' }]),
      action: 'E',
      outcome: '4',
      outcomeDesc: 'invalid',
      agent: [expect.objectContaining({ altId: 'audit.nurse', requestor: true, network: { address: expect.stringMatching(/127\.0\.0\.1/), type: '2' } })],
    }));
    expect(Date.parse(event.recorded)).not.toBeNaN();

    const changes = await call('GET', `/api/auditEvents?action=fhir.change&clientId=${TEST_CLIENT_ID}&page=0&size=1`);
    expect(changes.body).toEqual(expect.objectContaining({ size: 1, number: 0, numberOfElements: 1 }));
    const [write] = changes.body.content;
    expect(write).toEqual(expect.objectContaining({ type: expect.objectContaining({ code: 'rest' }), action: 'U', outcome: '0' }));
    expect(write.agent[0].who).toEqual({ identifier: { system: expect.any(String), value: TEST_CLIENT_ID }, display: TEST_CLIENT_ID });
    expect(write.entity[0].what).toEqual({ reference: 'Location/audit-country' });

    const all = await call('GET', '/api/auditEvents?size=1000');
    const times = all.body.content.map((e: any) => Date.parse(e.recorded));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const future = await call('GET', '/api/auditEvents?from=2999-01-01T00:00:00Z');
    expect(future.body.totalElements).toBe(0);
  });

  it.each([['action=nonsense'], ['userId=not-a-uuid'], ['from=yesterday']])('answers 400 for %s', async (query) => {
    expect((await call('GET', `/api/auditEvents?${query}`)).status).toBe(400);
  });
});
