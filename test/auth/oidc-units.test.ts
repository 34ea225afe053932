/** The identity module's pure parts: SMART scopes, the lockout policy, signed values, configuration. */
import { grantedScopes, isSystemScope, scopesAllow } from '../../api/auth/clients/scopes.js';
import { afterFailure, failureDelayMs, isLocked } from '../../api/auth/credentials/lockout.js';
import { passwordProblem } from '../../api/auth/credentials/passwords.js';
import { signValue, verifyValue } from '../../api/auth/oidc/signed-cookie.js';
import { ConfigError, loadConfig } from '../../api/config.js';

describe('SMART system scopes', () => {
  it('recognises system scopes in SMART v1 and v2 forms', () => {
    for (const scope of ['system/Location.read', 'system/*.write', 'system/SupplyRequest.*', 'system/Location.rs', 'system/*.cruds']) expect(isSystemScope(scope)).toBe(true);
    for (const scope of ['openid', 'user/Location.read', 'system/Location', 'system/location.read', 'system/Location.', 'system/Location.xyz']) expect(isSystemScope(scope)).toBe(false);
  });

  it('grants what the allowed scopes cover, wildcards included', () => {
    expect(grantedScopes(['system/Location.read', 'system/Location.write'], ['system/*.read'])).toEqual(['system/Location.read']);
    expect(grantedScopes(['system/Location.read', 'system/Location.write'], ['system/Location.*'])).toEqual(['system/Location.read', 'system/Location.write']);
    expect(grantedScopes(['system/*.read'], ['system/Location.read'])).toEqual([]);
    expect(grantedScopes(['system/*.read'], ['system/*.*'])).toEqual(['system/*.read']);
    expect(grantedScopes(['system/Location.rs'], ['system/Location.read'])).toEqual(['system/Location.rs']);
    expect(grantedScopes(['system/Location.*'], ['system/Location.read', 'system/Location.write'])).toEqual(['system/Location.*']);
    expect(grantedScopes(['openid', 'system/Location.read'], ['system/Location.read'])).toEqual(['system/Location.read']);
  });

  it('answers whether a token\'s scopes allow an interaction on a resource type', () => {
    expect(scopesAllow(['system/Location.read'], 'Location', 'read')).toBe(true);
    expect(scopesAllow(['system/Location.read'], 'Location', 'write')).toBe(false);
    expect(scopesAllow(['system/*.write'], 'SupplyRequest', 'write')).toBe(true);
    expect(scopesAllow([], 'Location', 'read')).toBe(false);
  });
});

describe('lockout policy', () => {
  const policy = { attempts: 3, lockSeconds: 60, failureDelayMs: 200 };
  const now = new Date('2026-01-01T00:00:00Z');

  it('counts failures, then locks and starts counting again', () => {
    expect(afterFailure(policy, 0, now)).toEqual({ failedAttempts: 1, lockedUntil: null });
    expect(afterFailure(policy, 2, now)).toEqual({ failedAttempts: 0, lockedUntil: new Date('2026-01-01T00:01:00Z') });
    expect(afterFailure({ ...policy, attempts: 0 }, 99, now).lockedUntil).toBeNull();
    expect(isLocked(new Date('2026-01-01T00:01:00Z'), now)).toBe(true);
    expect(isLocked(new Date('2025-12-31T23:59:00Z'), now)).toBe(false);
  });

  it('slows failures after the first, up to a ceiling', () => {
    expect([1, 2, 3, 100].map((failures) => failureDelayMs(policy, failures))).toEqual([0, 200, 400, 5000]);
  });

  it('refuses short, default and username passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('Password')).toMatch(/well-known/);
    expect(passwordProblem('wclerk123', 'WCLERK123')).toMatch(/username/);
    expect(passwordProblem('a long passphrase')).toBeUndefined();
  });
});

describe('signed cookie values', () => {
  it('round-trips, verifies with an older secret, and refuses tampering and expiry', () => {
    const signed = signValue({ state: 'x' }, ['old'], 60);
    expect(verifyValue(signed, ['new', 'old'])).toEqual({ state: 'x' });
    expect(verifyValue(signed, ['other'])).toBeUndefined();
    expect(verifyValue(`${signed}x`, ['old'])).toBeUndefined();
    expect(verifyValue(signValue({ state: 'x' }, ['old'], -1), ['old'])).toBeUndefined();
    expect(verifyValue(undefined, ['old'])).toBeUndefined();
  });
});

describe('identity configuration', () => {
  it('has OpenLMIS-compatible defaults', () => {
    const { auth, production } = loadConfig({});
    expect(production).toBe(false);
    expect(auth).toMatchObject({ passwordGrant: true, passwordClient: { id: 'user-client', secret: 'changeme' }, accessTokenTtl: 900, lockoutAttempts: 5, lockoutSeconds: 900 });
    expect(auth.external).toBeUndefined();
  });

  it('reads an external issuer with its client', () => {
    const { auth } = loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.org/realms/lmis/', OIDC_CLIENT_ID: 'lastmile', OIDC_CLIENT_SECRET: 's', OIDC_USERNAME_CLAIM: 'email' });
    expect(auth.external).toEqual({ issuerUrl: 'https://idp.example.org/realms/lmis', clientId: 'lastmile', clientSecret: 's', usernameClaim: 'email', audience: 'lastmile' });
  });

  it.each([
    [{ OIDC_ISSUER_URL: 'https://idp.example.org' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_ISSUER_URL: 'https://idp.example.org', OIDC_CLIENT_ID: 'x' }, 'OIDC_CLIENT_SECRET'],
    [{ OIDC_ISSUER_URL: 'http://idp.example.org', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y', NODE_ENV: 'production' }, 'OIDC_ISSUER_URL'],
    [{ OAUTH_PASSWORD_CLIENT: 'no-secret' }, 'OAUTH_PASSWORD_CLIENT'],
    [{ OAUTH_PASSWORD_GRANT: 'perhaps' }, 'OAUTH_PASSWORD_GRANT'],
    [{ AUTH_ACCESS_TOKEN_TTL: '0' }, 'AUTH_ACCESS_TOKEN_TTL'],
    [{ AUTH_LOCKOUT_ATTEMPTS: '-1' }, 'AUTH_LOCKOUT_ATTEMPTS'],
  ])('refuses %p, naming %s', (env, variable) => {
    const attempt = () => loadConfig(env as Record<string, string>);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });
});
