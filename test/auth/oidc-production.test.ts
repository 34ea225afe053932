/**
 * Demo credentials and production mode: with demo data the demo users sign in with `password` and
 * the demo machine client holds every system scope; with NODE_ENV=production none may exist (the
 * app refuses to start), and the first administrator's password comes from LASTMILE_ADMIN_PASSWORD
 * or a one-time setup token printed at start and spent at /auth/setup.
 */
import { ConfigError } from '../../api/config.js';
import { createOAuthClient } from '../../api/auth/clients/client.service.js';
import { createTestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { baseOf, createUser } from './oidc-helpers.js';

const USER_CLIENT = `Basic ${Buffer.from('user-client:changeme').toString('base64')}`;
const PRODUCTION = { NODE_ENV: 'production', AUTH_LOGIN_FAILURE_DELAY_MS: '0' };

async function passwordLogin(app: TestApp, username: string, password: string): Promise<number> {
  const query = new URLSearchParams({ grant_type: 'password', username, password });
  return (await fetch(`${baseOf(app.platform.port)}/api/oauth/token?${query}`, { method: 'POST', headers: { authorization: USER_CLIENT } })).status;
}

/** Runs an action while catching what is written to stderr (the setup token goes there, not to the log). */
async function capturingStderr<T>(action: () => Promise<T>): Promise<{ result: T; printed: string }> {
  const write = process.stderr.write;
  let printed = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: await action(), printed };
  } finally {
    process.stderr.write = write;
  }
}

describe('demo credentials', () => {
  let demo: TestApp;

  beforeAll(async () => {
    demo = await startTestApp({ LASTMILE_DEMO: 'true', AUTH_LOGIN_FAILURE_DELAY_MS: '0' });
  }, 120_000);
  afterAll(() => demo?.stop());

  it('let the demo users sign in with "password"', async () => {
    expect(await passwordLogin(demo, 'administrator', 'password')).toBe(200);
    expect(await passwordLogin(demo, 'dsrmanager', 'password')).toBe(200);
  });

  it('give the demo machine client every system scope', async () => {
    const reply = await fetch(`${baseOf(demo.platform.port)}/api/oauth/token?grant_type=client_credentials&scope=system/Location.write%20system/SupplyRequest.write`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('lastmile-demo-client:lastmile-demo-secret').toString('base64')}` },
    });
    expect(((await reply.json()) as any).scope).toBe('system/Location.write system/SupplyRequest.write');
  });

  it('make production refuse to start', async () => {
    await demo.stop();
    const attempt = startTestApp({ ...PRODUCTION, DATABASE_URL: demo.databaseUrl });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/NODE_ENV: .*lastmile-demo-client.*administrator/);
  });
});

describe('production', () => {
  it('refuses to start with the demo client, or with a user whose password is "password"', async () => {
    const databaseUrl = await createTestDatabase();
    const setup = await startTestApp({ DATABASE_URL: databaseUrl });
    await createOAuthClient(setup.platform.dataSource, { clientId: 'lastmile-demo-client', secret: 'lastmile-demo-secret', grantTypes: ['client_credentials'] });
    await setup.stop();
    await expect(startTestApp({ ...PRODUCTION, DATABASE_URL: databaseUrl, LASTMILE_ADMIN_PASSWORD: 'a long admin secret' })).rejects.toThrow(/demo client/);

    const other = await createTestDatabase();
    const withUser = await startTestApp({ DATABASE_URL: other });
    await createUser(withUser.platform.dataSource, 'clerk', 'password');
    await withUser.stop();
    await expect(startTestApp({ ...PRODUCTION, DATABASE_URL: other })).rejects.toThrow(/default password: clerk/);
  });

  it('sets the first administrator password from LASTMILE_ADMIN_PASSWORD, refusing a weak one', async () => {
    await expect(startTestApp({ ...PRODUCTION, LASTMILE_ADMIN_PASSWORD: 'password' })).rejects.toThrow(/^LASTMILE_ADMIN_PASSWORD: /);
    const app = await startTestApp({ ...PRODUCTION, LASTMILE_ADMIN_PASSWORD: 'a long admin secret' });
    try {
      expect(await passwordLogin(app, 'administrator', 'a long admin secret')).toBe(200);
      const [{ n }] = await app.platform.dataSource.query(`SELECT count(*)::int AS n FROM oauth_clients`);
      expect(n).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it('prints a one-time setup token once, and /auth/setup trades it for the administrator password', async () => {
    const { result: app, printed } = await capturingStderr(() => startTestApp(PRODUCTION));
    try {
      const token = /setup token:\s+(\S+)/.exec(printed)?.[1];
      expect(token).toBeDefined();
      const base = baseOf(app.platform.port);
      const setup = (form: Record<string, string>) => fetch(`${base}/auth/setup`, { method: 'POST', body: new URLSearchParams(form) });
      expect((await fetch(`${base}/auth/setup`)).status).toBe(200);
      expect((await setup({ token: 'wrong', password: 'a long admin secret' })).status).toBe(400);
      const weak = await setup({ token: token!, password: 'changeme' });
      expect(weak.status).toBe(400);
      expect(await weak.text()).toContain('well-known');
      expect((await setup({ token: token!, password: 'a long admin secret' })).status).toBe(200);
      expect((await setup({ token: token!, password: 'another long secret' })).status).toBe(400);
      expect(await passwordLogin(app, 'administrator', 'a long admin secret')).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
