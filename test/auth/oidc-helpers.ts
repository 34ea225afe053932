/**
 * Helpers for the identity tests: users with passwords written straight to the database, and a
 * tiny browser (a cookie jar over fetch, redirects followed by hand) to drive the sign-in form.
 */
import * as client from 'openid-client';
import type { DataSource } from 'typeorm';
import { setPassword } from '../../api/auth/credentials/credential.service.js';

export async function createUser(dataSource: DataSource, username: string, password?: string, extra: { active?: boolean; loginRestricted?: boolean; email?: string } = {}): Promise<string> {
  const [row]: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO users (username, first_name, last_name, email, active, login_restricted) VALUES ($1, 'Test', $2, $3, $4, $5) RETURNING id`,
    [username, username, extra.email ?? null, extra.active ?? true, extra.loginRestricted ?? false],
  );
  if (password !== undefined) await setPassword(dataSource.manager, row.id, password);
  return row.id;
}

/** The issuer's public base for an app started on PORT=0 (http://localhost:<port>). */
export function baseOf(port: number): string {
  return `http://localhost:${port}`;
}

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  text: string;
}

export class Browser {
  readonly cookies = new Map<string, Map<string, string>>();

  /** GET, following redirects until one leaves for a URL `stop` accepts (answered without fetching it). */
  async get(url: string, stop?: (url: string) => boolean): Promise<Page> {
    return this.follow(url, { method: 'GET' }, stop);
  }

  async post(url: string, form: Record<string, string>, stop?: (url: string) => boolean, headers: Record<string, string> = {}): Promise<Page> {
    return this.follow(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, stop);
  }

  async follow(url: string, init: RequestInit, stop?: (url: string) => boolean): Promise<Page> {
    let current = url;
    let request = init;
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(current, { ...request, redirect: 'manual', headers: { ...(request.headers as Record<string, string>), cookie: this.cookieHeader(current) } });
      this.store(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, current).href;
        if (stop?.(next)) return { status: response.status, url: next, headers: response.headers, text: '' };
        current = next;
        request = { method: 'GET' };
        continue;
      }
      return { status: response.status, url: current, headers: response.headers, text: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  private cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  private store(url: string, setCookies: string[]): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute) || /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }
}

/** The sign-in form's action, from the page's HTML. */
export function formAction(page: Page): string {
  const match = /<form method="post" action="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no sign-in form in ${page.status} ${page.url}: ${page.text.slice(0, 300)}`);
  return new URL(match[1].replace(/&#38;/g, '&'), page.url).href;
}

/** openid-client's configuration for the issuer at base (plain http allowed: tests). */
export function discoverIssuer(base: string, clientId: string, secret?: string): Promise<client.Configuration> {
  return client.discovery(new URL(`${base}/auth`), clientId, secret, secret ? client.ClientSecretBasic(secret) : client.None(), { execute: [client.allowInsecureRequests] });
}

/** The code flow with PKCE as a public client whose redirect URI is never fetched; answers the tokens. */
export async function codeFlow(base: string, clientId: string, redirectUri: string, username: string, password: string) {
  const configuration = await discoverIssuer(base, clientId);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const browser = new Browser();
  const loginPage = await browser.get(authorizationUrl.href);
  const callback = await browser.post(formAction(loginPage), { username, password }, (url) => url.startsWith(redirectUri));
  if (!callback.url.startsWith(redirectUri)) throw new Error(`the sign-in did not come back: ${callback.status} ${callback.url}`);
  const tokens = await client.authorizationCodeGrant(configuration, new URL(callback.url), { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true });
  return { configuration, tokens, browser, loginPage };
}
