/** The whole platform in-process on a free port, against a fresh test database. */
import { loadConfig } from '../../api/config.js';
import { createLogger } from '../../api/logger.js';
import { startPlatform, type Platform } from '../../api/platform.js';
import { OAuthClient } from '../../api/auth/clients/oauth-client.entity.js';
import { createOAuthClient } from '../../api/auth/index.js';
import { createTestDatabase } from './database.js';
import { forgetTestToken, registerTestToken } from './test-auth.js';

export interface TestApp {
  url: string;
  /** The test database this app runs on (another app may share it). */
  databaseUrl: string;
  platform: Platform;
  /** The test client's access token that fetch sends to this app by default (see test-auth.ts); '' with an external IdP. */
  token: string;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** false: fetch adds no token to requests to this app (e.g. a registry that must be called with its own credentials). */
  authenticate?: boolean;
}

const TEST_CLIENT = { id: 'lastmile-test-client', secret: 'lastmile-test-secret' };

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LASTMILE_DEMO: 'false', ...env, DATABASE_URL: databaseUrl });
  const platform = await startPlatform(config, createLogger(config.logLevel));
  // With an external identity provider our token endpoint issues nothing, and a production start
  // must show no client it was not given: such tests bring their own tokens.
  const token = env.OIDC_ISSUER_URL || env.NODE_ENV === 'production' ? '' : await testClientToken(platform).catch(async (error) => {
    await platform.stop();
    throw error;
  });
  if (token && options.authenticate !== false) registerTestToken(platform.url, token);
  return {
    url: platform.url,
    databaseUrl,
    platform,
    token,
    stop: () => {
      forgetTestToken(platform.url);
      return platform.stop();
    },
  };
}

/** A machine client holding every system scope, and a token for it from the OpenLMIS-style token endpoint. */
async function testClientToken(platform: Platform): Promise<string> {
  const exists = await platform.dataSource.getRepository(OAuthClient).existsBy({ clientId: TEST_CLIENT.id });
  if (!exists) {
    await createOAuthClient(platform.dataSource, { clientId: TEST_CLIENT.id, secret: TEST_CLIENT.secret, grantTypes: ['client_credentials'], allowedScopes: ['system/*.*'] });
  }
  const basic = Buffer.from(`${TEST_CLIENT.id}:${TEST_CLIENT.secret}`).toString('base64');
  const response = await fetch(`${platform.url}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the test client got no token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
