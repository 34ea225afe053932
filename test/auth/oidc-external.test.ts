/**
 * Lastmile signing users in at an external OpenID Connect provider (OIDC_ISSUER_URL), played by a
 * second Lastmile instance on its own database: the embedded provider is off, users are matched
 * by username (or email), and the external issuer's bearer tokens are verified against its JWKS.
 */
import * as client from 'openid-client';
import { createOAuthClient } from '../../api/auth/clients/client.service.js';
import { userByClaim } from '../../api/auth/oidc/user-mapping.js';
import { freePort } from '../../api/free-port.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Browser, baseOf, codeFlow, createUser, discoverIssuer, formAction } from './oidc-helpers.js';

let idp: TestApp;
let lastmile: TestApp;
let idpBase: string;
let base: string;
let localUserId: string;

beforeAll(async () => {
  idp = await startTestApp({ AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
  idpBase = baseOf(idp.platform.port);
  const port = await freePort();
  base = baseOf(port);
  await createUser(idp.platform.dataSource, 'DSRManager9', 'an idp password');
  await createUser(idp.platform.dataSource, 'stranger', 'an idp password');
  await createOAuthClient(idp.platform.dataSource, {
    clientId: 'lastmile-b',
    secret: 'b-secret',
    grantTypes: ['authorization_code'],
    redirectUris: [`${base}/api/login/callback`],
    postLogoutRedirectUris: [`${base}/`],
  });
  await createOAuthClient(idp.platform.dataSource, { clientId: 'test-spa', authMethod: 'none', grantTypes: ['authorization_code'], redirectUris: ['http://localhost:9/callback'] });
  await createOAuthClient(idp.platform.dataSource, { clientId: 'partner', secret: 'partner-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/Location.read'] });
  lastmile = await startTestApp({
    PORT: String(port),
    OIDC_ISSUER_URL: `${idpBase}/auth`,
    OIDC_CLIENT_ID: 'lastmile-b',
    OIDC_CLIENT_SECRET: 'b-secret',
    OIDC_AUDIENCE: `${idpBase}/api`,
  });
  localUserId = await createUser(lastmile.platform.dataSource, 'dsrmanager9', undefined, { email: 'dsr@example.org' });
});

afterAll(async () => {
  await lastmile?.stop();
  await idp?.stop();
});

const signedIn = (url: string) => url.startsWith(base) && !url.includes('/api/login');

it('does not mount the embedded provider', async () => {
  expect((await fetch(`${base}/auth/.well-known/openid-configuration`)).status).toBe(404);
});

it('signs a user in at the external issuer and maps them by username', async () => {
  const browser = new Browser();
  const form = await browser.get(`${base}/api/login?returnTo=/stock`);
  expect(form.url.startsWith(`${idpBase}/auth/interaction/`)).toBe(true);
  const landed = await browser.post(formAction(form), { username: 'dsrmanager9', password: 'an idp password' }, signedIn);
  expect(landed.url).toBe(`${base}/stock`);
  const session = await fetch(`${base}/api/session`, { headers: { cookie: `lastmile_session=${browser.cookie(base, 'lastmile_session')}` } });
  expect(await session.json()).toEqual({ kind: 'user', userId: localUserId, username: 'dsrmanager9' });

  const logout = await fetch(`${base}/api/logout`, { method: 'POST', headers: { cookie: `lastmile_session=${browser.cookie(base, 'lastmile_session')}` } });
  expect(((await logout.json()) as { logoutUrl: string }).logoutUrl).toMatch(new RegExp(`^${idpBase}/auth/session/end\\?`));
});

it('refuses an external user with no Lastmile user', async () => {
  const browser = new Browser();
  const form = await browser.get(`${base}/api/login`);
  const atCallback = await browser.post(formAction(form), { username: 'stranger', password: 'an idp password' }, (url) => url.startsWith(`${base}/api/login/callback`));
  const callback = await fetch(atCallback.url, { redirect: 'manual', headers: { cookie: `lastmile_login=${browser.cookie(base, 'lastmile_login')}` } });
  expect(callback.status).toBe(403);
  expect(((await callback.json()) as any).messageKey).toBe('auth.error.unknownUser');
});

it('accepts the external issuer bearer tokens: users by username, machines with their scopes', async () => {
  const { tokens } = await codeFlow(idpBase, 'test-spa', 'http://localhost:9/callback', 'dsrmanager9', 'an idp password');
  const asUser = await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(await asUser.json()).toEqual({ kind: 'user', userId: localUserId, username: 'dsrmanager9' });
  const machine = await client.clientCredentialsGrant(await discoverIssuer(idpBase, 'partner', 'partner-secret'));
  const asClient = await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${machine.access_token}` } });
  expect(await asClient.json()).toEqual({ kind: 'client', clientId: 'partner', scopes: ['system/Location.read'] });
});

it('has no token endpoint of its own', async () => {
  const reply = await fetch(`${base}/api/oauth/token?grant_type=client_credentials`, { method: 'POST' });
  expect(reply.status).toBe(400);
  expect(((await reply.json()) as any).messageKey).toBe('auth.error.externalIssuer');
});

it('can match users by email instead (OIDC_USERNAME_CLAIM=email)', async () => {
  const byEmail = userByClaim(lastmile.platform.dataSource, 'email');
  expect(await byEmail({ email: 'DSR@example.org' })).toEqual({ userId: localUserId, username: 'dsrmanager9' });
  expect(await byEmail({ email: 'nobody@example.org' })).toBeUndefined();
});
