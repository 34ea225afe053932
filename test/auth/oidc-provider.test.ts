/**
 * The embedded OpenID Connect provider over real HTTP, with openid-client as the client:
 * discovery and JWKS, the code flow with PKCE through the sign-in form, tokens verified as the
 * resource servers do, refresh and revocation, and client credentials with SMART system scopes.
 */
import * as client from 'openid-client';
import { createOAuthClient } from '../../api/auth/clients/client.service.js';
import { principalOf } from '../../api/auth/tokens/verify.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Browser, baseOf, codeFlow as signIn, createUser, discoverIssuer, formAction } from './oidc-helpers.js';

let app: TestApp;
let base: string;
let userId: string;

beforeAll(async () => {
  app = await startTestApp({ AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
  base = baseOf(app.platform.port);
  userId = await createUser(app.platform.dataSource, 'nurse.banda', 'correct horse battery', { email: 'banda@example.org' });
  await createOAuthClient(app.platform.dataSource, { clientId: 'test-spa', authMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://localhost:9/callback'] });
  await createOAuthClient(app.platform.dataSource, { clientId: 'registry-sync', secret: 'registry-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/Location.*', 'system/Organization.read'], ownerRegistry: 'https://registry.example.org/fhir' });
  await createOAuthClient(app.platform.dataSource, { clientId: 'reader', secret: 'reader-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
});

afterAll(() => app?.stop());

const discover = (clientId: string, secret?: string) => discoverIssuer(base, clientId, secret);

/** What a resource server makes of a bearer token: principalOf on a request through the app. */
async function principalFor(token: string) {
  const reply = await fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: reply.status, body: (await reply.json()) as any };
}

/** Signs in through the form as the test-spa client and answers the tokens. */
async function codeFlow(username: string, password: string) {
  const flow = await signIn(base, 'test-spa', 'http://localhost:9/callback', username, password);
  expect(flow.loginPage.text).toContain('Sign in to Lastmile');
  return flow;
}

describe('discovery and keys', () => {
  it('publishes the discovery document at /auth/.well-known/openid-configuration', async () => {
    const reply = await fetch(`${base}/auth/.well-known/openid-configuration`);
    expect(reply.status).toBe(200);
    const metadata: any = await reply.json();
    expect(metadata.issuer).toBe(`${base}/auth`);
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.revocation_endpoint).toBe(`${base}/auth/token/revocation`);
    expect(metadata.authorization_endpoint).toBe(`${base}/auth/authorize`);
  });

  it('publishes one ES256 public key, without its private part', async () => {
    const { keys }: any = await (await fetch(`${base}/auth/jwks`)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0].d).toBeUndefined();
  });
});

describe('authorization code with PKCE', () => {
  it('signs a user in through the form and issues tokens the resource servers accept', async () => {
    const { tokens } = await codeFlow('NURSE.BANDA', 'correct horse battery');
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: userId, preferred_username: 'nurse.banda', email: 'banda@example.org', name: 'Test nurse.banda' });
    expect(tokens.access_token.split('.')).toHaveLength(3);
    expect(await principalFor(tokens.access_token)).toEqual({ status: 200, body: { kind: 'user', userId, username: 'nurse.banda' } });
  });

  it('refuses an authorization request without PKCE', async () => {
    const configuration = await discover('test-spa');
    const url = client.buildAuthorizationUrl(configuration, { redirect_uri: 'http://localhost:9/callback', scope: 'openid', state: 'x' });
    const page = await new Browser().get(url.href, (next) => next.startsWith('http://localhost:9/'));
    expect(page.url).toContain('error=invalid_request');
  });

  it('refreshes, and after revoking the refresh token refuses it', async () => {
    const { configuration, tokens } = await codeFlow('nurse.banda', 'correct horse battery');
    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    expect((await principalFor(refreshed.access_token)).body.userId).toBe(userId);
    await client.tokenRevocation(configuration, refreshed.refresh_token!);
    await expect(client.refreshTokenGrant(configuration, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses to sign in with a wrong password, showing the form again', async () => {
    const configuration = await discover('test-spa');
    const url = client.buildAuthorizationUrl(configuration, { redirect_uri: 'http://localhost:9/callback', scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const browser = new Browser();
    const page = await browser.get(url.href);
    const refused = await browser.post(formAction(page), { username: 'nurse.banda', password: 'wrong' });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Wrong username or password');
  });
});

describe('client credentials', () => {
  it('grants the system scopes asked for that the client is allowed', async () => {
    const configuration = await discover('registry-sync', 'registry-secret');
    const tokens = await client.clientCredentialsGrant(configuration, { scope: 'system/Location.write system/Organization.read' });
    expect(tokens.scope).toBe('system/Location.write system/Organization.read');
    expect(await principalFor(tokens.access_token)).toEqual({
      status: 200,
      body: { kind: 'client', clientId: 'registry-sync', scopes: ['system/Location.write', 'system/Organization.read'], ownerRegistry: 'https://registry.example.org/fhir' },
    });
  });

  it('leaves out a scope the client is not allowed', async () => {
    const configuration = await discover('reader', 'reader-secret');
    const tokens = await client.clientCredentialsGrant(configuration, { scope: 'system/Location.read system/Location.write' });
    expect(tokens.scope).toBe('system/Location.read');
    expect((await principalFor(tokens.access_token)).body.scopes).toEqual(['system/Location.read']);
  });

  it('grants every allowed scope when none is asked for', async () => {
    const configuration = await discover('reader', 'reader-secret');
    const tokens = await client.clientCredentialsGrant(configuration);
    expect(tokens.scope).toBe('system/*.read');
  });

  it('refuses a wrong secret', async () => {
    const configuration = await discover('reader', 'not the secret');
    await expect(client.clientCredentialsGrant(configuration)).rejects.toMatchObject({ status: 401 });
  });
});

describe('bearer tokens at resource servers', () => {
  it('answers no principal for a forged, foreign or malformed token', async () => {
    const configuration = await discover('reader', 'reader-secret');
    const { access_token: token } = await client.clientCredentialsGrant(configuration);
    const [header, payload, signature] = token.split('.');
    const tampered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    tampered.scope = 'system/*.*';
    for (const bad of [`${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`, 'abc', '']) {
      expect((await principalFor(bad)).status).toBe(401);
    }
  });

  it('gives principalOf nothing for an anonymous request', async () => {
    const request = { headers: {}, app: { locals: {} } } as never;
    expect(await principalOf(request)).toBeUndefined();
  });
});

describe('bad input', () => {
  it('answers an unknown or foreign interaction with a page, not a 500', async () => {
    const page = await fetch(`${base}/auth/interaction/unknown`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/html/);
    const post = await fetch(`${base}/auth/interaction/unknown/login`, { method: 'POST', body: new URLSearchParams({ username: 'x', password: 'y' }) });
    expect(post.status).toBe(400);
  });

  it('answers a malformed token request with an OAuth error', async () => {
    const reply = await fetch(`${base}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nonsense' });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as any).error).toBeDefined();
  });

  it('sends a cancelled sign-in back to the client with access_denied', async () => {
    const configuration = await discover('test-spa');
    const url = client.buildAuthorizationUrl(configuration, { redirect_uri: 'http://localhost:9/callback', scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const browser = new Browser();
    const page = await browser.get(url.href);
    const abort = /<form method="post" action="([^"]+\/abort)"/.exec(page.text)![1];
    const back = await browser.post(new URL(abort, page.url).href, {}, (next) => next.startsWith('http://localhost:9/'));
    expect(back.url).toContain('error=access_denied');
  });
});
