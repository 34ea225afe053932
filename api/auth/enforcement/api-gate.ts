/**
 * The gate in front of every /api route that is not a login route: who is calling (a browser
 * session, a user's bearer token, or a machine client's token) and whether they hold the right the
 * resource needs (resource-rights.ts). No principal answers 401; the wrong principal 403.
 * Users are checked against their OpenLMIS rights; machine clients reach /api only with the
 * wildcard system scopes (system/*.read to read, system/*.write to change), as OpenLMIS's trusted
 * service client does.
 */
import type { Request, RequestHandler } from 'express';
import { ApiError } from '../../http/errors.js';
import { scopesAllow } from '../clients/scopes.js';
import type { AuthorizationService } from '../permissions/permission.service.js';
import type { RightName } from '../rights/right-catalogue.js';
import { principalOf, type Principal } from '../tokens/verify.js';
import { RESOURCE_RIGHTS } from './resource-rights.js';

/** What a request needs: rights all of which must be held (none: any authenticated caller). */
interface Need {
  rights: RightName[];
  write: boolean;
}

export function apiGate(authorization: AuthorizationService): RequestHandler {
  return async (req, res, next) => {
    const principal = await principalOf(req);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="lastmile"');
      throw unauthenticated();
    }
    const need = needOf(req, principal);
    if (!need) throw new ApiError(404, 'lastmile.error.notFound', `No resource at ${req.method} ${req.baseUrl}${req.path}`);
    if (!(await allowed(req, principal, need, authorization))) {
      throw new ApiError(403, 'auth.error.forbidden', `This needs the right${need.rights.length > 1 ? 's' : ''} ${need.rights.join(' and ')}`, { rights: need.rights });
    }
    next();
  };
}

export function unauthenticated(): ApiError {
  return new ApiError(401, 'auth.error.unauthenticated', 'Sign in, or send an access token (Authorization: Bearer ...)');
}

async function allowed(req: Request, principal: Principal, need: Need, authorization: AuthorizationService): Promise<boolean> {
  if (principal.kind === 'client') return scopesAllow(principal.scopes, '*', need.write ? 'write' : 'read');
  if (need.rights.length === 0) return true;
  const permissions = await authorization.forRequest(req, principal.userId);
  return need.rights.every((right) => permissions.has(right));
}

/** The rights a request needs, or undefined for a path no declared resource covers. */
function needOf(req: Request, principal: Principal): Need | undefined {
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
  const [collection, second, third] = req.path.split('/').filter(Boolean);
  if (collection === 'imports') return importNeed(second, write);
  if (collection === 'exports') return csvNeed('DATA_EXPORT', second, false);
  if (collection === 'users' && third === 'roleAssignments') return resourceNeed('roleAssignments', write);
  // Everyone may read their own user, permissions and role assignments, and change their password.
  const self = principal.kind === 'user' && second === principal.userId;
  if (collection === 'users' && self && (!write || (third === 'password' && req.method === 'POST'))) return { rights: [], write };
  return resourceNeed(collection, write);
}

function resourceNeed(collection: string | undefined, write: boolean): Need | undefined {
  const rights = collection === undefined ? undefined : RESOURCE_RIGHTS[collection];
  if (!rights) return undefined;
  const right = write ? rights.write : rights.read;
  return { rights: right ? [right] : [], write };
}

/** GET /imports/types is for anyone signed in; jobs need DATA_IMPORT; a file needs its resource's right too. */
function importNeed(second: string | undefined, write: boolean): Need | undefined {
  if (second === 'types') return { rights: [], write: false };
  if (second === 'jobs') return { rights: ['DATA_IMPORT'], write: false };
  return write ? csvNeed('DATA_IMPORT', second, true) : undefined;
}

function csvNeed(dataRight: RightName, type: string | undefined, write: boolean): Need | undefined {
  const resource = type === undefined ? undefined : RESOURCE_RIGHTS[type];
  if (!resource) return undefined;
  const right = write ? resource.write : resource.read;
  return { rights: right ? [dataRight, right] : [dataRight], write };
}
