/**
 * OpenLMIS's token endpoint, POST /api/oauth/token: the password grant through user-client and
 * client credentials, answered in OpenLMIS's JSON shape with the same JWTs the provider issues,
 * and the password grant switched off by configuration.
 */
import { createOAuthClient } from '../../api/auth/clients/client.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { baseOf, createUser } from './oidc-helpers.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const USER_CLIENT = basic('user-client', 'changeme');

async function token(base: string, query: string, headers: Record<string, string> = {}, body?: string) {
  const reply = await fetch(`${base}/api/oauth/token?${query}`, {
    method: 'POST',
    headers: { ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
    body,
  });
  return { status: reply.status, headers: reply.headers, body: (await reply.json()) as any };
}

async function principal(base: string, accessToken: string) {
  return (await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
}

describe('POST /api/oauth/token', () => {
  let app: TestApp;
  let base: string;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
    base = baseOf(app.platform.port);
    userId = await createUser(app.platform.dataSource, 'srmanager9', 'a good password');
    await createOAuthClient(app.platform.dataSource, { clientId: 'mediator', secret: 'mediator-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/Location.read', 'system/SupplyRequest.write'] });
  });
  afterAll(() => app?.stop());

  it('answers the password grant in OpenLMIS shape with a token the resource servers accept', async () => {
    const reply = await token(base, 'grant_type=password&username=srmanager9&password=a%20good%20password', { authorization: USER_CLIENT });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900, scope: 'read write', referenceDataUserId: userId, username: 'srmanager9' });
    expect(await principal(base, reply.body.access_token)).toEqual({ kind: 'user', userId, username: 'srmanager9' });
  });

  it('takes the parameters from a form body too', async () => {
    const reply = await token(base, '', { authorization: USER_CLIENT }, 'grant_type=password&username=srmanager9&password=a+good+password');
    expect(reply.status).toBe(200);
  });

  it('refuses a wrong password and a wrong public client in OAuth shape', async () => {
    const wrong = await token(base, 'grant_type=password&username=srmanager9&password=nope', { authorization: USER_CLIENT });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', messageKey: 'auth.error.badCredentials' });
    const client = await token(base, 'grant_type=password&username=srmanager9&password=a%20good%20password', { authorization: basic('user-client', 'guess') });
    expect(client.status).toBe(401);
    expect(client.body.error).toBe('invalid_client');
  });

  it('answers client credentials with the allowed scopes, or those asked for', async () => {
    const all = await token(base, 'grant_type=client_credentials', { authorization: basic('mediator', 'mediator-secret') });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900, scope: 'system/Location.read system/SupplyRequest.write' });
    expect(await principal(base, all.body.access_token)).toEqual({ kind: 'client', clientId: 'mediator', scopes: ['system/Location.read', 'system/SupplyRequest.write'] });
    const some = await token(base, 'grant_type=client_credentials&scope=system/Location.read%20system/Location.write', { authorization: basic('mediator', 'mediator-secret') });
    expect(some.body.scope).toBe('system/Location.read');
  });

  it('refuses an unknown client, a wrong secret and an unknown grant type', async () => {
    expect((await token(base, 'grant_type=client_credentials', { authorization: basic('mediator', 'nope') })).status).toBe(401);
    expect((await token(base, 'grant_type=client_credentials', { authorization: basic('ghost', 'x') })).status).toBe(401);
    expect((await token(base, 'grant_type=client_credentials')).status).toBe(401);
    const unknown = await token(base, 'grant_type=implicit');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
    expect((await token(base, 'grant_type=password&grant_type=password', { authorization: USER_CLIENT })).status).toBe(400);
  });
});

describe('POST /api/oauth/token with OAUTH_PASSWORD_GRANT=false', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ OAUTH_PASSWORD_GRANT: 'false' });
    await createUser(app.platform.dataSource, 'srmanager9', 'a good password');
  });
  afterAll(() => app?.stop());

  it('refuses the password grant', async () => {
    const reply = await token(baseOf(app.platform.port), 'grant_type=password&username=srmanager9&password=a%20good%20password', { authorization: USER_CLIENT });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'unsupported_grant_type', messageKey: 'auth.error.passwordGrantDisabled' });
  });
});
