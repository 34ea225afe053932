/**
 * The provider's state over time and across instances: access tokens expire, a second instance
 * (or a restart) on the same database accepts the first one's tokens, refresh tokens and browser
 * sessions, and key rotation keeps old tokens valid while new ones use the new key.
 */
import * as client from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { createOAuthClient } from '../../api/auth/clients/client.service.js';
import { rotateAuthKeys } from '../../api/auth/oidc/keys.js';
import { freePort } from '../../api/free-port.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Browser, baseOf, codeFlow, createUser, discoverIssuer, formAction } from './oidc-helpers.js';

const REDIRECT = 'http://localhost:9/callback';

async function principal(base: string, accessToken: string) {
  const reply = await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: reply.status, body: (await reply.json()) as any };
}

async function clientToken(base: string): Promise<string> {
  return (await client.clientCredentialsGrant(await discoverIssuer(base, 'machine', 'machine-secret'))).access_token;
}

async function jwks(base: string): Promise<string[]> {
  const { keys } = (await (await fetch(`${base}/auth/jwks`)).json()) as { keys: Array<{ kid: string }> };
  return keys.map((key) => key.kid);
}

describe('token expiry', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ AUTH_ACCESS_TOKEN_TTL: '1' });
    await createOAuthClient(app.platform.dataSource, { clientId: 'machine', secret: 'machine-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
  });
  afterAll(() => app?.stop());

  it('stops accepting an access token once it has expired', async () => {
    const base = baseOf(app.platform.port);
    const token = await clientToken(base);
    expect((await principal(base, token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await principal(base, token)).status).toBe(401);
  });
});

describe('several instances on one database', () => {
  let first: TestApp;
  let second: TestApp | undefined;
  let publicUrl: string;
  let userId: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    first = await startTestApp({ PORT: String(port), PUBLIC_URL: publicUrl, AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
    userId = await createUser(first.platform.dataSource, 'psupervisor9', 'a good password');
    await createOAuthClient(first.platform.dataSource, { clientId: 'machine', secret: 'machine-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
    await createOAuthClient(first.platform.dataSource, { clientId: 'test-spa', authMethod: 'none', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [REDIRECT] });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('shares keys, tokens, refresh tokens and browser sessions, during and after the first one', async () => {
    const { tokens } = await codeFlow(publicUrl, 'test-spa', REDIRECT, 'psupervisor9', 'a good password');
    const machineToken = await clientToken(publicUrl);
    const browser = new Browser();
    const form = await browser.get(`${publicUrl}/api/login`);
    await browser.post(formAction(form), { username: 'psupervisor9', password: 'a good password' }, (url) => !url.includes('/auth/') && !url.includes('/api/login'));
    const sessionCookie = browser.cookie(publicUrl, 'lastmile_session')!;

    second = await startTestApp({ DATABASE_URL: first.databaseUrl, PUBLIC_URL: publicUrl });
    const secondUrl = baseOf(second.platform.port);
    expect(await jwks(secondUrl)).toEqual(await jwks(publicUrl));
    expect((await principal(secondUrl, tokens.access_token)).body).toEqual({ kind: 'user', userId, username: 'psupervisor9' });
    expect((await principal(secondUrl, machineToken)).body.clientId).toBe('machine');

    await first.stop();
    const session = await fetch(`${secondUrl}/api/session`, { headers: { cookie: `lastmile_session=${sessionCookie}` } });
    expect(session.status).toBe(200);
    const refreshed = await fetch(`${secondUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'test-spa' }),
    });
    expect(refreshed.status).toBe(200);
    const { access_token: accessToken } = (await refreshed.json()) as { access_token: string };
    expect((await principal(secondUrl, accessToken)).body.userId).toBe(userId);
  });
});

describe('key rotation', () => {
  // One public URL (issuer) for every restart, as in production; requests go to the current port.
  const PUBLIC_URL = 'http://lmis.example.org';
  let app: TestApp;

  /** A machine token from OpenLMIS's endpoint, signed like the provider's with the current key. */
  async function facadeToken(): Promise<string> {
    const reply = await fetch(`${baseOf(app.platform.port)}/api/oauth/token?grant_type=client_credentials`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('machine:machine-secret').toString('base64')}` },
    });
    return ((await reply.json()) as { access_token: string }).access_token;
  }

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL });
    await createOAuthClient(app.platform.dataSource, { clientId: 'machine', secret: 'machine-secret', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
  });
  afterAll(() => app?.stop());

  it('signs with the new key after a rotation and still accepts tokens of the old one', async () => {
    const [oldKid] = await jwks(baseOf(app.platform.port));
    const oldToken = await facadeToken();
    expect(decodeProtectedHeader(oldToken).kid).toBe(oldKid);
    await rotateAuthKeys(app.platform.dataSource);
    await app.stop();
    app = await startTestApp({ DATABASE_URL: app.databaseUrl, PUBLIC_URL });
    const base = baseOf(app.platform.port);
    const kids = await jwks(base);
    expect(kids).toHaveLength(2);
    expect(kids[1]).toBe(oldKid);
    const newToken = await facadeToken();
    expect(decodeProtectedHeader(newToken).kid).toBe(kids[0]);
    expect((await principal(base, newToken)).body.clientId).toBe('machine');
    expect((await principal(base, oldToken)).body.clientId).toBe('machine');
  });

  it('rotates at start once the current key is older than AUTH_KEY_ROTATION_DAYS, and forgets keys past their tokens', async () => {
    await app.platform.dataSource.query(`UPDATE auth_keys SET created_at = now() - interval '40 days' WHERE retired_at IS NULL`);
    await app.platform.dataSource.query(`UPDATE auth_keys SET retired_at = now() - interval '1 day' WHERE retired_at IS NOT NULL`);
    await app.stop();
    app = await startTestApp({ DATABASE_URL: app.databaseUrl, PUBLIC_URL, AUTH_KEY_ROTATION_DAYS: '30' });
    const kids = await jwks(baseOf(app.platform.port));
    expect(kids).toHaveLength(2);
    const [{ n }] = await app.platform.dataSource.query(`SELECT count(*)::int AS n FROM auth_keys WHERE kind = 'signing'`);
    expect(n).toBe(2);
  });
});
