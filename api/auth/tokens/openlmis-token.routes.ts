/**
 * OpenLMIS's token endpoint, POST /api/oauth/token, for existing OpenLMIS clients (mobile apps,
 * scripts, integrations): `grant_type=password` through the public client OpenLMIS clients ship
 * with (HTTP Basic user-client:changeme by default; OAUTH_PASSWORD_GRANT=false turns it off) and
 * `grant_type=client_credentials` for registered clients. Parameters come in the query string (as
 * OpenLMIS clients send them) or a form body; answers have OpenLMIS's JSON shape, and the token is
 * the same JWT the embedded provider issues. Errors use OAuth's shape plus a message key.
 */
import crypto from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { AuthConfig } from '../../config.js';
import { requestFacts } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/recorder.js';
import type { Logger } from '../../logger.js';
import { authenticateClient } from '../clients/client.service.js';
import { grantedScopes } from '../clients/scopes.js';
import type { CredentialService } from '../credentials/credential.service.js';
import type { AuthKeys } from '../oidc/keys.js';
import type { PublicUrls } from '../oidc/urls.js';
import type { DataSource } from 'typeorm';
import { mintAccessToken } from './mint.js';

export interface OpenLmisTokenDependencies {
  dataSource: DataSource;
  settings: AuthConfig;
  credentials: CredentialService;
  /** The embedded provider's keys and URLs; undefined with an external issuer. */
  embedded?: { keys: AuthKeys; urls: PublicUrls };
  rateLimit: (answer: RequestHandler) => RequestHandler;
  logger: Logger;
  /** Every sign-in and token request, granted or refused, goes to the audit trail. */
  audit: AuditRecorder;
}

/** OpenLMIS's user tokens say "read write"; users' rights come from their roles. */
const USER_SCOPE = 'read write';

class OAuthError extends Error {
  constructor(readonly status: number, readonly error: string, readonly messageKey: string, message: string) {
    super(message);
  }
}

export function openLmisTokenRoutes(dependencies: OpenLmisTokenDependencies): Router {
  const tooMany: RequestHandler = (_req, res) => sendError(res, new OAuthError(429, 'slow_down', 'auth.error.tooManyAttempts', 'Too many attempts from this address; wait a minute'));
  return express
    .Router()
    .post('/oauth/token', dependencies.rateLimit(tooMany), express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      try {
        res.json(await issue(dependencies, req));
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        sendError(res, error);
      }
    });
}

async function issue(dependencies: OpenLmisTokenDependencies, req: Request): Promise<object> {
  const { embedded } = dependencies;
  const params = parameters(req);
  if (!embedded) throw new OAuthError(400, 'unsupported_grant_type', 'auth.error.externalIssuer', 'Tokens come from the external identity provider (OIDC_ISSUER_URL)');
  if (params.grant_type === 'password') return passwordGrant(dependencies, embedded, req, params);
  if (params.grant_type === 'client_credentials') return clientCredentialsGrant(dependencies, embedded, req, params);
  throw new OAuthError(400, 'unsupported_grant_type', 'auth.error.unsupportedGrantType', 'grant_type must be password or client_credentials');
}

async function passwordGrant({ settings, credentials, logger, audit }: OpenLmisTokenDependencies, { keys, urls }: NonNullable<OpenLmisTokenDependencies['embedded']>, req: Request, params: Record<string, string>) {
  if (!settings.passwordGrant) throw new OAuthError(400, 'unsupported_grant_type', 'auth.error.passwordGrantDisabled', 'The password grant is switched off (OAUTH_PASSWORD_GRANT=false)');
  const basic = basicCredentials(req);
  if (!basic || !sameText(basic.id, settings.passwordClient.id) || !sameText(basic.secret, settings.passwordClient.secret)) {
    await audit({ action: 'login.failed', outcome: 'failure', reason: 'invalid_client', username: params.username, clientId: basic?.id, ...requestFacts(req), status: 401 });
    throw new OAuthError(401, 'invalid_client', 'auth.error.invalidClient', 'The password grant needs the configured public client in HTTP Basic authentication');
  }
  if (!params.username || !params.password) throw new OAuthError(400, 'invalid_request', 'auth.error.missingCredentials', 'username and password are required');
  const outcome = await credentials.authenticate(params.username, params.password);
  if (!outcome.ok) {
    logger.warn({ event: 'login.failed', username: params.username, reason: outcome.reason, ip: req.ip, via: 'password grant' }, 'sign-in refused');
    await audit({ action: 'login.failed', outcome: 'failure', reason: outcome.reason, username: params.username, ...requestFacts(req), status: 400 });
    const message = outcome.reason === 'locked' ? 'User account is locked' : outcome.reason === 'disabled' ? 'User is disabled' : 'Bad credentials';
    throw new OAuthError(400, 'invalid_grant', `auth.error.${outcome.reason === 'invalid' ? 'badCredentials' : outcome.reason === 'locked' ? 'accountLocked' : 'accountDisabled'}`, message);
  }
  logger.info({ event: 'login', userId: outcome.user.id, ip: req.ip, via: 'password grant' }, 'signed in');
  await audit({ action: 'login.succeeded', outcome: 'success', userId: outcome.user.id, username: outcome.user.username, ...requestFacts(req), status: 200 });
  const ttl = settings.accessTokenTtl;
  const accessToken = await mintAccessToken(keys, urls.of(req), ttl, { sub: outcome.user.id, client_id: settings.passwordClient.id, scope: USER_SCOPE, preferred_username: outcome.user.username });
  return { access_token: accessToken, token_type: 'bearer', expires_in: ttl, scope: USER_SCOPE, referenceDataUserId: outcome.user.id, username: outcome.user.username };
}

async function clientCredentialsGrant({ dataSource, settings, audit }: OpenLmisTokenDependencies, { keys, urls }: NonNullable<OpenLmisTokenDependencies['embedded']>, req: Request, params: Record<string, string>) {
  const presented = basicCredentials(req) ?? (params.client_id && params.client_secret ? { id: params.client_id, secret: params.client_secret } : undefined);
  const client = presented ? await authenticateClient(dataSource, presented.id, presented.secret) : undefined;
  const refused = (reason: string, status: number) => audit({ action: 'token.refused', outcome: 'failure', reason, clientId: presented?.id, ...requestFacts(req), status });
  if (!client) {
    await refused('invalid_client', 401);
    throw new OAuthError(401, 'invalid_client', 'auth.error.invalidClient', 'Unknown client or wrong secret');
  }
  if (!client.grantTypes.includes('client_credentials')) {
    await refused('unauthorized_client', 400);
    throw new OAuthError(400, 'unauthorized_client', 'auth.error.unauthorizedClient', 'This client may not use client_credentials');
  }
  const asked = params.scope ? params.scope.split(' ').filter(Boolean) : client.allowedScopes;
  const scope = grantedScopes(asked, client.allowedScopes).join(' ');
  const ttl = settings.accessTokenTtl;
  const accessToken = await mintAccessToken(keys, urls.of(req), ttl, {
    sub: client.clientId,
    client_id: client.clientId,
    ...(scope ? { scope } : {}),
    ...(client.ownerRegistry ? { owner_registry: client.ownerRegistry } : {}),
  });
  await audit({ action: 'token.issued', outcome: 'success', clientId: client.clientId, ...requestFacts(req), status: 200 });
  return { access_token: accessToken, token_type: 'bearer', expires_in: ttl, scope };
}

/** Query string and form body, strings only (a repeated parameter is refused). */
function parameters(req: Request): Record<string, string> {
  const merged: Record<string, unknown> = { ...(req.query as object), ...((req.body as object | undefined) ?? {}) };
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', 'auth.error.invalidParameter', `${key} must be given once`);
    params[key] = value;
  }
  return params;
}

function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  // RFC 6749 2.3.1: the id and secret are form-urlencoded before Basic encoding.
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  return { id: decode(decoded.slice(0, separator)), secret: decode(decoded.slice(separator + 1)) };
}

function sameText(a: string, b: string): boolean {
  const left = crypto.hash('sha256', a, 'buffer');
  const right = crypto.hash('sha256', b, 'buffer');
  return crypto.timingSafeEqual(left, right);
}

function sendError(res: Response, error: OAuthError): void {
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="lastmile"');
  res.status(error.status).json({ error: error.error, error_description: error.message, messageKey: error.messageKey, message: error.message });
}
