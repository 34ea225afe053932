/**
 * What an audit event says: what happened (action, outcome), who did it, from where, and to what.
 * Every field but action and outcome is optional: a failed login knows only the attempted
 * username, a change through /api knows its caller and path.
 */
import type { Request } from 'express';
import type { Principal } from '../tokens/principal.js';

export const AUDIT_ACTIONS = ['login.succeeded', 'login.failed', 'token.issued', 'token.refused', 'api.change', 'fhir.change'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  action: AuditAction;
  outcome: 'success' | 'failure';
  /** Why it failed, as a short code (e.g. invalid, locked). */
  reason?: string;
  /** Who: a user (id and username), a machine client, or only the username someone tried. */
  userId?: string;
  username?: string;
  clientId?: string;
  /** From where. */
  ip?: string;
  userAgent?: string;
  /** What. */
  method?: string;
  path?: string;
  resourceType?: string;
  resourceId?: string;
  status?: number;
  requestId?: string;
}

/** The request's side of an event: from where, and which request (never its query string, which may carry a password). */
export function requestFacts(req: Request): Pick<AuditEvent, 'ip' | 'userAgent' | 'method' | 'path' | 'requestId'> {
  return {
    ip: req.ip,
    userAgent: req.get('user-agent'),
    method: req.method,
    path: req.originalUrl.split('?')[0],
    requestId: req.id,
  };
}

export function principalFacts(principal: Principal | undefined): Pick<AuditEvent, 'userId' | 'username' | 'clientId'> {
  if (!principal) return {};
  return principal.kind === 'user' ? { userId: principal.userId, username: principal.username } : { clientId: principal.clientId };
}
