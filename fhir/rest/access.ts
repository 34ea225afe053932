/**
 * Who may do what at /fhir. The platform decides who a request comes from (a session, a user's
 * token, a machine client's SMART system scopes) and hands the FHIR layer a caller: the registry
 * it writes as, and whether it may read or write a resource type ('*' for system-level history).
 * Every interaction, and every entry of a Bundle, asks before it touches the store; only the
 * CapabilityStatement is public.
 */
import type { Request } from 'express';
import { forbidden } from '../outcomes.js';
import type { FhirContext } from './context.js';

export type AccessKind = 'read' | 'write';

export interface FhirCaller {
  /** The registry the caller writes as: Lastmile itself, or the external registry a sync client owns. */
  owner: string;
  may(resourceType: string, kind: AccessKind): boolean;
}

/** The caller of a request, or undefined when it carries no valid session or token. */
export type FhirGate = (req: Request) => Promise<FhirCaller | undefined>;

/** Passes `resourceType` through when the caller may `kind` it; a 403 OperationOutcome otherwise. */
export function permit(ctx: FhirContext, resourceType: string, kind: AccessKind): string {
  if (!ctx.caller.may(resourceType, kind)) {
    const what = resourceType === '*' ? 'every resource type' : resourceType;
    throw forbidden(`This client or user may not ${kind} ${what}${kind === 'read' ? '' : ' here'}`);
  }
  return resourceType;
}
