/**
 * Who a request comes from, for resource servers (/api, /fhir): an `Authorization: Bearer` JWT
 * verified locally (signature against the issuer's JWKS, issuer, audience, expiry, `at+jwt` type)
 * or else the browser's session cookie. No call to the provider per request: access tokens are
 * short-lived (AUTH_ACCESS_TOKEN_TTL) and cannot be revoked one by one; revoking a refresh token
 * or a grant stops new ones, and logout ends a browser session at once (it is a PostgreSQL row).
 * An invalid token is no principal at all, never an error: enforcement decides what that means.
 */
import type { IncomingMessage } from 'node:http';
import type { Express, Request } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isUuid } from '../../http/request-params.js';
import { SIGNING_ALG, type AuthKeys } from '../oidc/keys.js';
import { SESSION_COOKIE, type LoginSessions } from '../oidc/login-sessions.js';
import type { PublicUrls } from '../oidc/urls.js';
import type { UserMapping } from '../oidc/user-mapping.js';
import type { Principal } from './principal.js';
import { cookieValue } from './request-cookies.js';

export type { Principal } from './principal.js';
export type RequestVerifier = (req: Request) => Promise<Principal | undefined>;

/** Tokens of the embedded provider: our keys from PostgreSQL, our issuer. */
export interface EmbeddedIssuer {
  kind: 'embedded';
  keys: AuthKeys;
  urls: PublicUrls;
}

/** Tokens of an external provider: its JWKS, users matched by a claim. */
export interface ExternalIssuer {
  kind: 'external';
  issuer: string;
  audience: string;
  /** The issuer's jwks_uri (discovered through the relying party, which needs a request the first time). */
  jwksUri: (req: IncomingMessage) => Promise<string>;
  usernameClaim: string;
  mapUser: UserMapping;
}

/** Other operators' clocks drift; our own instances share NTP and the tokens are short. */
const EXTERNAL_CLOCK_TOLERANCE_S = 30;

export function createRequestVerifier(sessions: LoginSessions, issuer: EmbeddedIssuer | ExternalIssuer): RequestVerifier {
  const verifyBearer = remembered(issuer.kind === 'embedded' ? embeddedBearer(issuer) : externalBearer(issuer));
  return async (req) => {
    const bearer = bearerToken(req);
    if (bearer !== undefined) return bearer === '' ? undefined : verifyBearer(bearer, req).catch(() => undefined);
    const user = await sessions.find(cookieValue(req, SESSION_COOKIE));
    return user ? { kind: 'user', ...user } : undefined;
  };
}

const LOCALS_KEY = 'lastmileRequestVerifier';
const principals = new WeakMap<Request, Promise<Principal | undefined>>();

/** Makes principalOf work for every request of this app. */
export function installRequestVerifier(app: Express, verifier: RequestVerifier): void {
  app.locals[LOCALS_KEY] = verifier;
}

/** The caller of a request (computed once per request), or undefined for an anonymous or invalid one. */
export function principalOf(req: Request): Promise<Principal | undefined> {
  let principal = principals.get(req);
  if (!principal) {
    const verifier = req.app?.locals[LOCALS_KEY] as RequestVerifier | undefined;
    principal = verifier ? verifier(req) : Promise.resolve(undefined);
    principals.set(req, principal);
  }
  return principal;
}

/** The bearer token, '' for a malformed Authorization header, undefined without one. */
function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+([\w.~+/-]+=*)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function embeddedBearer({ keys, urls }: EmbeddedIssuer) {
  const getKey: JWTVerifyGetKey = async (header) => {
    const key = await keys.publicKey(header.kid);
    if (!key) throw new Error('the token names an unknown key');
    return key;
  };
  return async (token: string, req: Request): Promise<Principal | undefined> => {
    const { issuer, apiAudience } = urls.of(req);
    const { payload } = await jwtVerify(token, getKey, { issuer, audience: apiAudience, algorithms: [SIGNING_ALG], typ: 'at+jwt', clockTolerance: 0 });
    if (isClientToken(payload)) return clientPrincipal(payload);
    const username = payload.preferred_username;
    return typeof payload.sub === 'string' && isUuid(payload.sub) && typeof username === 'string' ? { kind: 'user', userId: payload.sub, username } : undefined;
  };
}

function externalBearer(options: ExternalIssuer) {
  let jwks: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (req: Request) =>
    (jwks ??= options.jwksUri(req).then((uri) => createRemoteJWKSet(new URL(uri))).catch((error: unknown) => {
      jwks = undefined;
      throw error;
    }));
  return async (token: string, req: Request): Promise<Principal | undefined> => {
    const { payload } = await jwtVerify(token, await keySet(req), { issuer: options.issuer, audience: options.audience, clockTolerance: EXTERNAL_CLOCK_TOLERANCE_S });
    if (isClientToken(payload) || (typeof payload.client_id === 'string' && payload[options.usernameClaim] === undefined)) return clientPrincipal(payload);
    const user = await options.mapUser(payload);
    return user ? { kind: 'user', ...user } : undefined;
  };
}

const REMEMBERED_TOKENS = 5000;

/**
 * Clients send the same token with every request until it expires: verifying its signature each
 * time cost a fifth of the read throughput and much of the garbage under load. A verified token's
 * principal is remembered until the token's own expiry (never longer), the oldest first forgotten.
 * Tokens that fail are not remembered (each attempt is verified, and fails, again).
 */
function remembered(verify: (token: string, req: Request) => Promise<Principal | undefined>) {
  const known = new Map<string, { principal: Principal; until: number }>();
  return async (token: string, req: Request): Promise<Principal | undefined> => {
    const hit = known.get(token);
    if (hit && hit.until > Date.now()) return hit.principal;
    known.delete(token);
    const principal = await verify(token, req);
    const expiry = expiryOf(token);
    if (principal && expiry !== undefined) {
      if (known.size >= REMEMBERED_TOKENS) known.delete(known.keys().next().value!);
      known.set(token, { principal, until: expiry * 1000 });
    }
    return principal;
  };
}

/** The `exp` of a token already verified (its payload is trusted now). */
function expiryOf(token: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as JWTPayload).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 9068: a token obtained without a resource owner has the client as its subject. */
function isClientToken(payload: JWTPayload): boolean {
  return typeof payload.client_id === 'string' && payload.sub === payload.client_id;
}

function clientPrincipal(payload: JWTPayload): Principal {
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const ownerRegistry = typeof payload.owner_registry === 'string' ? payload.owner_registry : undefined;
  return { kind: 'client', clientId: payload.client_id as string, scopes, ...(ownerRegistry ? { ownerRegistry } : {}) };
}
