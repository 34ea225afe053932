/**
 * Who a /fhir request comes from, for the FHIR layer: machine clients may read and write the
 * resource types their SMART system scopes name (a registry's sync client writes as the registry
 * it owns, so it can change only that registry's resources); users may read the directory, and
 * change it with FACILITIES_MANAGE. No valid session or token: no caller (401).
 */
import { LASTMILE_OWNER, type FhirGate } from '../../../fhir/index.js';
import { scopesAllow } from '../clients/scopes.js';
import type { AuthorizationService } from '../permissions/permission.service.js';
import { principalOf } from '../tokens/verify.js';

export function fhirGate(authorization: AuthorizationService): FhirGate {
  return async (req) => {
    const principal = await principalOf(req);
    if (!principal) return undefined;
    if (principal.kind === 'client') {
      return { owner: principal.ownerRegistry ?? LASTMILE_OWNER, may: (type, kind) => scopesAllow(principal.scopes, type, kind) };
    }
    // Reads need no right: only a request that can write (not GET/HEAD) computes the user's permissions.
    const mayWrite = req.method !== 'GET' && req.method !== 'HEAD';
    const canWrite = mayWrite && (await authorization.forRequest(req, principal.userId)).has('FACILITIES_MANAGE');
    return { owner: LASTMILE_OWNER, may: (_type, kind) => kind === 'read' || canWrite };
  };
}
