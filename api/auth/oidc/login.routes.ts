/**
 * The browser's login through the relying party, under /api:
 * - GET /login?returnTo=/path: redirect to the issuer (code flow with PKCE; state, nonce and the
 *   verifier wait in a signed HTTP-only cookie for ten minutes);
 * - GET /login/callback: the issuer's answer; the ID token is validated, the user matched, and a
 *   session cookie (HTTP-only, SameSite=Lax, Secure when PUBLIC_URL is https) set;
 * - POST /logout: ends the session and revokes its refresh token; answers the issuer's logout URL
 *   (JSON) or redirects there (an HTML form post);
 * - GET /session: who the caller is (session cookie or bearer token), 401 when nobody.
 */
import express, { type CookieOptions, type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import { principalOf } from '../tokens/verify.js';
import { cookieValue } from '../tokens/request-cookies.js';
import { SESSION_COOKIE, type LoginSessions } from './login-sessions.js';
import type { LoginAttempt, RelyingParty } from './relying-party.js';
import { signValue, verifyValue } from './signed-cookie.js';
import type { UserMapping } from './user-mapping.js';

export interface LoginDependencies {
  relyingPartyOf: (req: Request) => RelyingParty;
  sessions: LoginSessions;
  mapUser: UserMapping;
  cookieSecrets: () => string[];
  secureCookies: () => boolean;
  sessionTtlSeconds: number;
  logger: Logger;
}

const ATTEMPT_COOKIE = 'lastmile_login';
const ATTEMPT_PATH = '/api/login';
const ATTEMPT_TTL_SECONDS = 600;

export function loginRoutes(dependencies: LoginDependencies): Router {
  const { relyingPartyOf, sessions, cookieSecrets, logger } = dependencies;
  const cookieOptions = (path: string, maxAgeSeconds?: number): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: dependencies.secureCookies(),
    path,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  });

  return express
    .Router()
    .get('/login', async (req, res) => {
      const { url, attempt } = await discoverOr502(() => relyingPartyOf(req).begin(safeReturnTo(req.query.returnTo)));
      res.cookie(ATTEMPT_COOKIE, signValue(attempt, cookieSecrets(), ATTEMPT_TTL_SECONDS), cookieOptions(ATTEMPT_PATH, ATTEMPT_TTL_SECONDS));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, url.href);
    })
    .get('/login/callback', async (req, res) => {
      const attempt = verifyValue<LoginAttempt>(cookieValue(req, ATTEMPT_COOKIE), cookieSecrets());
      res.clearCookie(ATTEMPT_COOKIE, cookieOptions(ATTEMPT_PATH));
      if (!attempt) throw new ApiError(400, 'auth.error.loginExpired', 'This sign-in was not started here or took too long; start again from /api/login');
      const relyingParty = relyingPartyOf(req);
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const result = await relyingParty.complete(query, attempt).catch((error: unknown) => {
        throw new ApiError(401, 'auth.error.loginFailed', `The sign-in failed: ${(error as Error).message}`);
      });
      const user = await dependencies.mapUser(result.claims as Record<string, unknown>);
      if (!user) {
        logger.warn({ event: 'login.failed', reason: 'unknown user', issuer: result.claims.iss }, 'sign-in refused');
        throw new ApiError(403, 'auth.error.unknownUser', 'The identity provider signed you in, but no active Lastmile user matches you');
      }
      const cookie = await sessions.create({ userId: user.userId, issuer: relyingParty.options.issuer, idToken: result.idToken, refreshToken: result.refreshToken });
      logger.info({ event: 'login', userId: user.userId, ip: req.ip, via: 'browser' }, 'signed in');
      res.cookie(SESSION_COOKIE, cookie, cookieOptions('/', dependencies.sessionTtlSeconds));
      res.redirect(303, attempt.returnTo);
    })
    .post('/logout', async (req, res) => {
      const ended = await sessions.end(cookieValue(req, SESSION_COOKIE));
      res.clearCookie(SESSION_COOKIE, cookieOptions('/'));
      const relyingParty = relyingPartyOf(req);
      if (ended?.refreshToken) {
        await relyingParty.revoke(ended.refreshToken).catch((error: unknown) => logger.warn({ err: error }, 'could not revoke the refresh token at logout'));
      }
      const logoutUrl = await relyingParty.logoutUrl(ended?.idToken ?? undefined).catch(() => relyingParty.options.postLogoutRedirectUri);
      if (req.accepts(['json', 'html']) === 'html') return res.redirect(303, logoutUrl);
      res.json({ logoutUrl });
    })
    .get('/session', async (req, res) => {
      const principal = await principalOf(req);
      if (!principal) throw new ApiError(401, 'auth.error.unauthenticated', 'No valid session or bearer token');
      res.setHeader('Cache-Control', 'no-store');
      res.json(principal);
    });
}

/** Only a path on this site: anything else (another host, //host, a scheme) returns to the start page. */
function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 2000) return '/';
  return value;
}

async function discoverOr502<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new ApiError(502, 'auth.error.issuerUnavailable', `The identity provider cannot be reached: ${(error as Error).message}`);
  }
}
