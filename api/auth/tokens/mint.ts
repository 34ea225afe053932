/**
 * Access tokens issued outside oidc-provider's endpoints (OpenLMIS's /api/oauth/token), made
 * exactly like the provider's: ES256 with the current key of the same JWKS, `at+jwt`, the same
 * issuer, audience and claims, so resource servers cannot tell them apart.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { SIGNING_ALG, type AuthKeys } from '../oidc/keys.js';
import type { AuthUrls } from '../oidc/urls.js';

export interface TokenClaims {
  sub: string;
  client_id: string;
  scope?: string;
  preferred_username?: string;
  owner_registry?: string;
}

export async function mintAccessToken(keys: AuthKeys, urls: AuthUrls, ttlSeconds: number, claims: TokenClaims): Promise<string> {
  const { kid, key } = keys.currentSigningKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: 'at+jwt', kid })
    .setIssuer(urls.issuer)
    .setAudience(urls.apiAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(crypto.randomBytes(16).toString('base64url'))
    .sign(key);
}
