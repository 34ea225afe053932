/**
 * The browser's login through the relying party (/api/login) against the embedded provider: the
 * session cookie and logout, lockout after repeated failures, the per-address rate limit, users
 * who may not sign in, and Secure cookies behind TLS.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Browser, baseOf, createUser, formAction, type Page } from './oidc-helpers.js';

const FAST = { AUTH_LOGIN_FAILURE_DELAY_MS: '0' };

/** Starts a browser login and answers the sign-in form page. */
async function openLoginForm(browser: Browser, base: string, returnTo = '/'): Promise<Page> {
  const page = await browser.get(`${base}/api/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(page.status).toBe(200);
  return page;
}

async function session(browser: Browser, base: string) {
  const reply = await fetch(`${base}/api/session`, { headers: { cookie: `lastmile_session=${browser.cookie(base, 'lastmile_session') ?? ''}` } });
  return { status: reply.status, body: (await reply.json()) as any };
}

describe('browser login', () => {
  let app: TestApp;
  let base: string;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp(FAST);
    base = baseOf(app.platform.port);
    userId = await createUser(app.platform.dataSource, 'wclerk9', 'a good password');
    await createUser(app.platform.dataSource, 'retired', 'a good password', { active: false });
    await createUser(app.platform.dataSource, 'reportonly', 'a good password', { loginRestricted: true });
  });
  afterAll(() => app?.stop());

  it('signs in through /api/login, sets an HTTP-only session cookie and returns where it started', async () => {
    const browser = new Browser();
    const form = await openLoginForm(browser, base, '/requisitions?program=1');
    const landed = await browser.post(formAction(form), { username: 'wclerk9', password: 'a good password' }, (url) => !url.includes('/auth/') && !url.includes('/api/login'));
    expect(landed.url).toBe(`${base}/requisitions?program=1`);
    expect(await session(browser, base)).toEqual({ status: 200, body: { kind: 'user', userId, username: 'wclerk9' } });
  });

  it('sets the session cookie HTTP-only and SameSite=Lax, not Secure over plain http', async () => {
    const browser = new Browser();
    const form = await openLoginForm(browser, base);
    const atCallback = await browser.post(formAction(form), { username: 'wclerk9', password: 'a good password' }, (url) => url.includes('/api/login/callback'));
    const callback = await fetch(atCallback.url, { redirect: 'manual', headers: { cookie: `lastmile_login=${browser.cookie(base, 'lastmile_login')}` } });
    const sessionCookie = callback.headers.getSetCookie().find((cookie) => cookie.startsWith('lastmile_session=')) ?? '';
    expect(callback.status).toBe(303);
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    expect(sessionCookie).not.toMatch(/Secure/i);
  });

  it('never returns to another site after login', async () => {
    const browser = new Browser();
    const form = await openLoginForm(browser, base, '//evil.example.org/x');
    const landed = await browser.post(formAction(form), { username: 'wclerk9', password: 'a good password' }, (url) => !url.includes('/auth/') && !url.includes('/api/login'));
    expect(landed.url).toBe(`${base}/`);
  });

  it('ends the session at logout and points to the provider to end its own', async () => {
    const browser = new Browser();
    const form = await openLoginForm(browser, base);
    await browser.post(formAction(form), { username: 'wclerk9', password: 'a good password' }, (url) => !url.includes('/auth/') && !url.includes('/api/login'));
    const cookie = browser.cookie(base, 'lastmile_session');
    const reply = await fetch(`${base}/api/logout`, { method: 'POST', headers: { cookie: `lastmile_session=${cookie}`, accept: 'application/json' } });
    expect(reply.status).toBe(200);
    const { logoutUrl } = (await reply.json()) as { logoutUrl: string };
    expect(logoutUrl).toMatch(new RegExp(`^${base}/auth/session/end\\?.*id_token_hint=`));
    const after = await fetch(`${base}/api/session`, { headers: { cookie: `lastmile_session=${cookie}` } });
    expect(after.status).toBe(401);
    const confirm = await browser.get(logoutUrl);
    expect(confirm.text).toContain('Sign out of');
  });

  it('refuses a callback that this browser did not start', async () => {
    const reply = await fetch(`${base}/api/login/callback?code=abc&state=def`);
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as any).messageKey).toBe('auth.error.loginExpired');
  });

  it.each([['retired'], ['reportonly']])('does not let %s (inactive or login-restricted) sign in', async (username) => {
    const browser = new Browser();
    const form = await openLoginForm(browser, base);
    const refused = await browser.post(formAction(form), { username, password: 'a good password' });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('may not sign in');
  });

  it('answers 401 at /api/session without a session or token', async () => {
    const reply = await fetch(`${base}/api/session`);
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as any).messageKey).toBe('auth.error.unauthenticated');
  });
});

describe('lockout', () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp({ ...FAST, AUTH_LOCKOUT_ATTEMPTS: '3', AUTH_LOCKOUT_SECONDS: '2' });
    base = baseOf(app.platform.port);
    await createUser(app.platform.dataSource, 'smanager9', 'the right one');
  });
  afterAll(() => app?.stop());

  it('locks the account after repeated failures, even for the right password, then lets it in again', async () => {
    const browser = new Browser();
    const action = formAction(await openLoginForm(browser, base));
    for (const expected of ['Wrong username or password', 'Wrong username or password', 'locked']) {
      const refused = await browser.post(action, { username: 'smanager9', password: 'wrong' });
      expect(refused.status).toBe(401);
      expect(refused.text).toContain(expected);
    }
    const whileLocked = await browser.post(action, { username: 'smanager9', password: 'the right one' });
    expect(whileLocked.text).toContain('locked');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const landed = await browser.post(action, { username: 'smanager9', password: 'the right one' }, (url) => !url.includes('/auth/') && !url.includes('/api/login'));
    expect(landed.url).toBe(`${base}/`);
  });

  it('slows each failure after the first', async () => {
    const slow = await startTestApp({ AUTH_LOGIN_FAILURE_DELAY_MS: '300', AUTH_LOCKOUT_ATTEMPTS: '0', DATABASE_URL: app.databaseUrl });
    try {
      const slowBase = baseOf(slow.platform.port);
      const browser = new Browser();
      const action = formAction(await openLoginForm(browser, slowBase));
      const timings: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const started = Date.now();
        await browser.post(action, { username: 'smanager9', password: 'wrong' });
        timings.push(Date.now() - started);
      }
      expect(timings[2]).toBeGreaterThanOrEqual(550);
      expect(timings[2]).toBeGreaterThan(timings[0]);
    } finally {
      await slow.stop();
    }
  });
});

describe('rate limit', () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp({ ...FAST, AUTH_LOGIN_RATE_LIMIT: '3', AUTH_LOCKOUT_ATTEMPTS: '0' });
    base = baseOf(app.platform.port);
    await createUser(app.platform.dataSource, 'divo9', 'the right one');
  });
  afterAll(() => app?.stop());

  it('answers 429 once an address has made too many refused attempts', async () => {
    const browser = new Browser();
    const action = formAction(await openLoginForm(browser, base));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await browser.post(action, { username: `nobody${attempt}`, password: 'x' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const token = await fetch(`${base}/api/oauth/token?grant_type=password&username=divo9&password=x`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('user-client:changeme').toString('base64')}` } });
    expect(token.status).toBe(400); // another endpoint, its own count
  });
});

describe('behind TLS', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...FAST, PUBLIC_URL: 'https://lmis.example.org' });
  });
  afterAll(() => app?.stop());

  it('makes the login cookies Secure and sends the browser to the public issuer', async () => {
    const reply = await fetch(`${baseOf(app.platform.port)}/api/login`, { redirect: 'manual' });
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toMatch(/^https:\/\/lmis\.example\.org\/auth\/authorize\?/);
    expect(reply.headers.getSetCookie().join('\n')).toMatch(/lastmile_login=.*Secure/i);
    const authorize = await fetch(reply.headers.get('location')!.replace('https://lmis.example.org', baseOf(app.platform.port)), {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'lmis.example.org' },
    });
    expect(authorize.status).toBe(303);
    const interactionCookies = authorize.headers.getSetCookie().filter((cookie) => cookie.startsWith('_interaction'));
    expect(interactionCookies.length).toBeGreaterThan(0);
    expect(interactionCookies.every((cookie) => /;\s*secure/i.test(cookie))).toBe(true);
  });
});
