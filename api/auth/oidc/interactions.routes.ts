/**
 * The provider's interaction endpoints under /auth/interaction/{uid}: the sign-in form and its
 * POST. Forgery is prevented by oidc-provider's interaction cookie (SameSite=Lax, bound to the uid
 * and sent only to this path): a form posted from another site arrives without it and is refused.
 * Consent is never asked (every client is first party), but a prompt=consent is completed here.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Logger } from '../../logger.js';
import { requestFacts } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/recorder.js';
import type { CredentialService, LoginOutcome } from '../credentials/credential.service.js';
import { loginPage, messagePage } from './pages.js';

export type ProviderOf = (req: Request) => Promise<Provider>;

export interface InteractionDependencies {
  providerOf: ProviderOf;
  credentials: CredentialService;
  rateLimit: (answer: RequestHandler) => RequestHandler;
  logger: Logger;
  /** Every sign-in, granted or refused, goes to the audit trail. */
  audit: AuditRecorder;
}

const FAILURE_MESSAGES: Record<Exclude<LoginOutcome, { ok: true }>['reason'], string> = {
  invalid: 'Wrong username or password.',
  locked: 'Too many failed sign-ins: this account is locked for a while. Try again later.',
  disabled: 'This account may not sign in. Ask an administrator.',
};

export function interactionRoutes({ providerOf, credentials, rateLimit, logger, audit }: InteractionDependencies): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const tooMany: RequestHandler = (_req, res) => {
    res.status(429).type('html').send(messagePage('Too many attempts', 'Too many sign-in attempts from your network. Wait a minute and try again.'));
  };

  router.get('/interaction/:uid', handle(async (req, res) => {
    const provider = await providerOf(req);
    const details = await currentInteraction(provider, req, res);
    if (details.prompt.name === 'login') {
      const client = await provider.Client.find(String(details.params.client_id));
      res.type('html').send(loginPage({ ...formTargets(req), client: client?.clientName ?? undefined }));
      return;
    }
    await finishConsent(provider, req, res, details);
  }));

  router.post('/interaction/:uid/login', rateLimit(tooMany), form, handle(async (req, res) => {
    const provider = await providerOf(req);
    const details = await currentInteraction(provider, req, res);
    if (details.prompt.name !== 'login') throw new errors.InvalidRequest('this interaction does not ask for a sign-in');
    const username = typeof req.body?.username === 'string' ? req.body.username.trim() : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const outcome = await credentials.authenticate(username, password);
    if (!outcome.ok) {
      logger.warn({ event: 'login.failed', username, reason: outcome.reason, ip: req.ip }, 'sign-in refused');
      await audit({ action: 'login.failed', outcome: 'failure', reason: outcome.reason, username, ...requestFacts(req), status: 401 });
      res.status(401).type('html').send(loginPage({ ...formTargets(req), username, error: FAILURE_MESSAGES[outcome.reason] }));
      return;
    }
    logger.info({ event: 'login', userId: outcome.user.id, ip: req.ip }, 'signed in');
    await audit({ action: 'login.succeeded', outcome: 'success', userId: outcome.user.id, username: outcome.user.username, ...requestFacts(req) });
    await provider.interactionFinished(req, res, { login: { accountId: outcome.user.id } }, { mergeWithLastSubmission: false });
  }));

  router.post('/interaction/:uid/abort', handle(async (req, res) => {
    const provider = await providerOf(req);
    await currentInteraction(provider, req, res);
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in' }, { mergeWithLastSubmission: false });
  }));

  return router;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The interaction the cookie names, which must be the one in the path. */
async function currentInteraction(provider: Provider, req: Request, res: Response): Promise<Interaction> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== req.params.uid) throw new errors.SessionNotFound('the sign-in page does not match this browser\'s sign-in');
  return details;
}

function formTargets(req: Request): { action: string; abort: string } {
  const path = `${req.baseUrl}/interaction/${encodeURIComponent(String(req.params.uid))}`;
  return { action: `${path}/login`, abort: `${path}/abort` };
}

/** Grants what the client asked for (a first-party client) and lets the authorization continue. */
async function finishConsent(provider: Provider, req: Request, res: Response, details: Interaction): Promise<void> {
  const { accountId } = details.session ?? {};
  if (!accountId) throw new errors.InvalidRequest('the consent prompt came before a sign-in');
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** Provider errors (an expired or foreign interaction) are the browser's problem: a page, not a 500. */
function handle(action: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res, next) => {
    try {
      await action(req, res);
    } catch (error) {
      if (!(error instanceof errors.OIDCProviderError)) return next(error);
      res.status(error.statusCode ?? 400).type('html').send(messagePage('Sign-in problem', `${error.error_description ?? error.message}. Start again from Lastmile.`));
    }
  };
}
