/**
 * One middleware per mount (/api, /fhir) that records every changing request once it has been
 * answered: who (the signed-in principal), what (method, path, the resource it named or
 * created), and the status, so refused attempts are recorded as failures next to the changes made.
 */
import type { Request, RequestHandler, Response } from 'express';
import { principalOf } from '../tokens/verify.js';
import { principalFacts, requestFacts, type AuditAction } from './audit-event.js';
import type { AuditRecorder } from './recorder.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function auditChanges(record: AuditRecorder, action: Extract<AuditAction, 'api.change' | 'fhir.change'>): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method) || isSearch(req)) return next();
    // Taken now: routers below rewrite req.url, and the path relative to this mount names the resource.
    const facts = requestFacts(req);
    const named = resourceNamed(req.path.split('/').filter(Boolean), action);
    res.once('finish', () => {
      void principalOf(req).catch(() => undefined).then((principal) => {
        // Anonymous requests change nothing (the gates answer 401): recording them would let
        // anyone fill the audit table. Refusals of signed-in callers are recorded as failures.
        if (!principal) return;
        const resource = named.resourceId ? named : { ...named, ...createdResource(res, named.resourceType) };
        return record({ action, outcome: res.statusCode < 400 ? 'success' : 'failure', ...facts, ...principalFacts(principal), ...resource, status: res.statusCode });
      });
    });
    next();
  };
}

/** FHIR's POST [type]/_search reads. */
function isSearch(req: Request): boolean {
  return req.path.endsWith('/_search');
}

/** /api/{collection}/{id}/..., /fhir/{Type}/{id}/...; a POST to /fhir itself is a Bundle. */
function resourceNamed(segments: string[], action: AuditAction): { resourceType?: string; resourceId?: string } {
  if (segments.length === 0) return action === 'fhir.change' ? { resourceType: 'Bundle' } : {};
  return { resourceType: segments[0], resourceId: segments[1] };
}

/** The id a create answered with, from its Location header (.../{type}/{id}[/_history/{v}]). */
function createdResource(res: Response, resourceType: string | undefined): { resourceId?: string } {
  const location = res.getHeader('location');
  if (typeof location !== 'string' || !resourceType) return {};
  const segments = location.split('?')[0].split('/').filter(Boolean);
  const at = segments.lastIndexOf(resourceType);
  return at >= 0 && segments[at + 1] ? { resourceId: segments[at + 1] } : {};
}
