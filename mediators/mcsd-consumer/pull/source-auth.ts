/**
 * Credentials for a supplier: none, HTTP Basic, or an OAuth 2.0 client-credentials token (cached
 * until shortly before it expires, fetched again when the supplier answers 401). Secrets are read
 * from the environment variable the source names, at the moment they are needed.
 */
import type { SourceAuth } from '../sources/source-definition.js';

const EXPIRY_MARGIN_MS = 30_000;
const TOKEN_TIMEOUT_MS = 30_000;

/** Credentials that cannot work (a secret not set, refused by the token endpoint): retrying will not help. */
export class SourceAuthError extends Error {
  readonly permanent = true;
}

export type Env = Record<string, string | undefined>;

export class SourceCredentials {
  private token?: { value: string; expiresAt: number };

  constructor(
    private readonly sourceName: string,
    private readonly auth: SourceAuth,
    private readonly env: Env = process.env,
  ) {}

  /** Headers for the next request; `renew` after a 401 drops a cached token first. */
  async headers(renew = false): Promise<Record<string, string>> {
    switch (this.auth.type) {
      case 'none':
        return {};
      case 'basic': {
        const password = this.secret(this.auth.passwordEnv, 'password');
        return { authorization: `Basic ${Buffer.from(`${this.auth.username}:${password}`).toString('base64')}` };
      }
      case 'oauth2':
        if (renew) this.token = undefined;
        return { authorization: `Bearer ${await this.accessToken()}` };
    }
  }

  /** Whether a 401 may be cured by asking for a new token. */
  get renewable(): boolean {
    return this.auth.type === 'oauth2';
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const auth = this.auth as Extract<SourceAuth, { type: 'oauth2' }>;
    const secret = this.secret(auth.clientSecretEnv, 'client secret');
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(auth.scope ? { scope: auth.scope } : {}) });
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(secret)}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`the token endpoint of source "${this.sourceName}" cannot be reached (${(error as Error).message})`);
    }
    const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof answer.access_token !== 'string') {
      throw new SourceAuthError(`the token endpoint of source "${this.sourceName}" refused the client credentials (HTTP ${response.status}${answer.error ? `, ${String(answer.error)}` : ''})`);
    }
    const lifetimeMs = typeof answer.expires_in === 'number' ? answer.expires_in * 1000 : 300_000;
    this.token = { value: answer.access_token, expiresAt: Date.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return this.token.value;
  }

  private secret(variable: string, what: string): string {
    const value = this.env[variable];
    if (!value) throw new SourceAuthError(`the ${what} of source "${this.sourceName}" is read from the environment variable ${variable}, which is not set`);
    return value;
  }
}
