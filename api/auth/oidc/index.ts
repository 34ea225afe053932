/**
 * Identity, composed: the keys, the credentials (demo, production checks, first administrator),
 * then either the embedded provider at /auth or an external issuer (OIDC_ISSUER_URL), the relying
 * party's login routes and OpenLMIS's token endpoint under /api, and the request verifier.
 */
import type { IncomingMessage } from 'node:http';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { DataSource } from 'typeorm';
import type { Config, ExternalIssuerConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { auditRecorder, type AuditRecorder } from '../audit/recorder.js';
import { bootstrapAdministrator } from '../credentials/administrator.js';
import { credentialService, type CredentialService } from '../credentials/credential.service.js';
import { ensureDemoClient, refuseDemoCredentials, setDemoPasswords } from '../credentials/demo-credentials.js';
import { loginRateLimit } from '../credentials/login-rate-limit.js';
import { setupRoutes } from '../credentials/setup.routes.js';
import { openLmisTokenRoutes } from '../tokens/openlmis-token.routes.js';
import { createRequestVerifier, type ExternalIssuer, type RequestVerifier } from '../tokens/verify.js';
import { interactionRoutes } from './interactions.routes.js';
import { AuthKeys, SIGNING_ALG } from './keys.js';
import { loginRoutes } from './login.routes.js';
import { loginSessions } from './login-sessions.js';
import { UI_CLIENT_ID, createProvider } from './provider.js';
import { RelyingParty } from './relying-party.js';
import { PublicUrls, loopbackOrigin, type AuthUrls } from './urls.js';
import { userByClaim, userBySubject, type UserMapping } from './user-mapping.js';

export interface Identity {
  /** The embedded provider with its sign-in and setup pages, for /auth; undefined with an external issuer. */
  authRouter?: Router;
  /** Login, callback, logout, session and OpenLMIS's token endpoint, for /api. */
  apiRouter: Router;
  verifier: RequestVerifier;
  /** Passwords of the embedded provider; undefined with an external issuer (it keeps none of ours). */
  credentials?: CredentialService;
}

export interface IdentityDependencies {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** Where the one-time setup token is printed (stderr by default, never the log). */
  print?: (text: string) => void;
}

export async function createIdentity({ config, dataSource, logger, print = (text) => process.stderr.write(text) }: IdentityDependencies): Promise<Identity> {
  const settings = config.auth;
  const external = settings.external;
  await prepareCredentials(config, dataSource, print);
  const keys = await AuthKeys.load(dataSource, { rotationDays: settings.keyRotationDays, signingRetentionSeconds: settings.accessTokenTtl, cookieRetentionSeconds: settings.sessionTtl });
  const credentials = credentialService(dataSource, { attempts: settings.lockoutAttempts, lockSeconds: settings.lockoutSeconds, failureDelayMs: settings.failureDelayMs });
  const sessions = loginSessions(dataSource, settings.sessionTtl);
  const urls = new PublicUrls(config.publicUrl, config.port);
  const rateLimit = (answer: RequestHandler) => loginRateLimit(settings.loginRateLimit, answer);
  const audit = auditRecorder(dataSource, logger);
  const relyingPartyOf = once((req: IncomingMessage) => relyingParty(urls.of(req), loopbackOrigin(req), external));
  const mapUser = external ? userByClaim(dataSource, external.usernameClaim) : userBySubject(dataSource);

  const verifier = createRequestVerifier(sessions, external ? externalIssuer(external, mapUser, relyingPartyOf) : { kind: 'embedded', keys, urls });
  const login = { relyingPartyOf, sessions, mapUser, cookieSecrets: () => keys.cookieSecrets(), secureCookies: () => urls.secure, sessionTtlSeconds: settings.sessionTtl, logger };
  const tokens = { dataSource, settings, credentials, embedded: external ? undefined : { keys, urls }, rateLimit, logger, audit };
  const apiRouter = express.Router().use(loginRoutes(login)).use(openLmisTokenRoutes(tokens));
  if (external) {
    logger.info({ issuer: external.issuerUrl }, 'users sign in at an external identity provider; the embedded one is off');
    return { apiRouter, verifier };
  }
  const providerOf = once((req: IncomingMessage) => createProvider({ dataSource, keys, urls: urls.of(req), settings, logger }));
  return { authRouter: embeddedRouter(providerOf, credentials, dataSource, rateLimit, logger, audit), apiRouter, verifier, credentials };
}

/** The relying party: the embedded provider as the public client lastmile-ui (over loopback), or the external issuer. */
function relyingParty(urls: AuthUrls, loopback: string, external: ExternalIssuerConfig | undefined): RelyingParty {
  const common = { redirectUri: urls.loginCallback, postLogoutRedirectUri: `${urls.base}/` };
  return external
    ? new RelyingParty({ ...common, issuer: external.issuerUrl, clientId: external.clientId, clientSecret: external.clientSecret })
    : new RelyingParty({ ...common, issuer: urls.issuer, clientId: UI_CLIENT_ID, idTokenAlg: SIGNING_ALG, fetch: loopbackFetch(urls.base, loopback) });
}

function externalIssuer(external: ExternalIssuerConfig, mapUser: UserMapping, relyingPartyOf: (req: IncomingMessage) => RelyingParty): ExternalIssuer {
  const jwksUri = async (req: IncomingMessage) => (await relyingPartyOf(req).configuration()).serverMetadata().jwks_uri!;
  return { kind: 'external', issuer: external.issuerUrl, audience: external.audience, usernameClaim: external.usernameClaim, mapUser, jwksUri };
}

/** Demo credentials outside production; the refusal of them and the first administrator in production. */
async function prepareCredentials(config: Config, dataSource: DataSource, print: (text: string) => void): Promise<void> {
  if (config.production) await refuseDemoCredentials(dataSource);
  if (config.auth.external) return;
  await bootstrapAdministrator(dataSource, { adminPassword: config.auth.adminPassword, offerSetupToken: config.production, print });
  if (config.demo && !config.production) {
    await setDemoPasswords(dataSource);
    await ensureDemoClient(dataSource);
  }
}

function embeddedRouter(
  providerOf: (req: IncomingMessage) => Provider,
  credentials: CredentialService,
  dataSource: DataSource,
  rateLimit: (answer: RequestHandler) => RequestHandler,
  logger: Logger,
  audit: AuditRecorder,
): Router {
  let callback: ReturnType<Provider['callback']> | undefined;
  return express
    .Router()
    .use(interactionRoutes({ providerOf: async (req) => providerOf(req), credentials, rateLimit, logger, audit }))
    .use(setupRoutes(dataSource, rateLimit, logger))
    .use((req: Request, res) => {
      callback ??= providerOf(req).callback();
      return callback(req, res);
    });
}

/**
 * fetch for the relying party of the embedded provider: requests to the public base go to this
 * server over loopback, naming the public host and scheme in X-Forwarded-* so the provider answers
 * as it does to browsers.
 */
function loopbackFetch(publicBase: string, loopback: string): typeof fetch {
  const target = new URL(publicBase);
  return (input, init) => {
    const url = new URL(input instanceof globalThis.Request ? input.url : String(input));
    if (url.origin !== target.origin) return fetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set('x-forwarded-host', target.host);
    headers.set('x-forwarded-proto', target.protocol.slice(0, -1));
    return fetch(new URL(`${url.pathname}${url.search}`, loopback), { ...init, headers });
  };
}

/** The first call's answer, for every later call (the request only fixes the port when PORT=0). */
function once<T>(make: (req: IncomingMessage) => T): (req: IncomingMessage) => T {
  let made: { value: T } | undefined;
  return (req) => (made ??= { value: make(req) }).value;
}
